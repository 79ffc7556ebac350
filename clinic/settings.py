"""Every runtime setting, read from the environment with the documented defaults."""

from __future__ import annotations

import ipaddress
import json
import os
import re
import secrets
import stat
from dataclasses import dataclass, field
from email.utils import getaddresses
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple, Union

from clinic.live_chat import DEFAULT_WAIT_S

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _url_list(name: str) -> Tuple[str, ...]:
    return tuple(u.strip().rstrip("/") for u in os.environ.get(name, "").split(",") if u.strip())


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]


def parse_networks(name: str, value: str) -> Tuple[Network, ...]:
    """ "10.0.0.0/8, 127.0.0.1" -> networks; a bare address is its own /32 or /128."""
    networks = []
    for item in value.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{name}: {item!r} is not an address or CIDR range") from None
    return tuple(networks)


# --- staff notifications (issue 11; bot/notifications) -------------------------------

NOTIFY_MODES = ("immediate", "digest")
NOTIFY_TO_LOCATION_PREFIX = "NOTIFY_TO_"


def location_key(location: str) -> str:
    """A location's suffix in NOTIFY_TO_<LOCATION>: "McKinney" -> "MCKINNEY"."""
    return re.sub(r"[^A-Z0-9]+", "_", location.upper()).strip("_")


def parse_addresses(name: str, value: str) -> Tuple[str, ...]:
    """A comma-separated address list ("a@x.com, Front Desk <b@x.com>") as bare addresses."""
    # Imported here: Rasa and the action server read this module too, and never these lists.
    from email_validator import EmailNotValidError, validate_email

    found = []
    for _, address in getaddresses([value]):
        if not address:
            continue
        try:
            # Syntax only: no DNS look-up at start-up; the SMTP server decides deliverability.
            found.append(validate_email(address, check_deliverability=False).normalized)
        except EmailNotValidError as exc:
            raise ValueError(f"{name}: {address!r} is not an email address ({exc})") from None
    return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class NotifySettings:
    """Email notices to staff. Off (the console shows new-request counts instead) without SMTP_HOST."""

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = ""
    notify_to: Tuple[str, ...] = ()  # everything without a location list of its own
    notify_to_by_location: Mapping[str, Tuple[str, ...]] = field(
        default_factory=dict
    )  # location_key -> list
    # immediate: one email per request; digest: one email a day with the counts. Crisis
    # flags are always sent at once: a daily summary is too late for them.
    mode: str = "immediate"
    digest_hour: int = 7  # clinic-local hour the daily digest goes out
    public_base_url: str = ""  # console links in emails; empty = Settings.bot_url

    @property
    def sender(self) -> str:
        return self.smtp_from or (self.smtp_user if "@" in self.smtp_user else "")

    @property
    def off_reason(self) -> Optional[str]:
        if not self.smtp_host:
            return "no SMTP_HOST set"
        if not self.sender:
            return "no SMTP_FROM set"
        if not self.all_recipients():
            return "no NOTIFY_TO addresses set"
        return None

    @property
    def enabled(self) -> bool:
        return self.off_reason is None

    def recipients(self, location: Optional[str]) -> Tuple[str, ...]:
        """The location's own list when it has one, else the default list."""
        own = self.notify_to_by_location.get(location_key(location)) if location else None
        return own or self.notify_to

    def all_recipients(self) -> Tuple[str, ...]:
        lists = [self.notify_to, *self.notify_to_by_location.values()]
        return tuple(dict.fromkeys(a for addresses in lists for a in addresses))

    def status_line(self) -> str:
        """What `make run` prints about notifications."""
        if self.off_reason:
            return f"notifications: off ({self.off_reason}) — new requests are shown in the staff console"
        digest = f", daily digest at {self.digest_hour:02d}:00" if self.mode == "digest" else ""
        return f"notifications: email to {len(self.all_recipients())} addresses via {self.smtp_host}{digest}"


def load_notify_settings() -> NotifySettings:
    mode = _env("NOTIFY_MODE", "immediate").strip().lower()
    if mode not in NOTIFY_MODES:
        raise ValueError(f"NOTIFY_MODE must be one of {', '.join(NOTIFY_MODES)}, not {mode!r}")
    digest_hour = int(_env("NOTIFY_DIGEST_HOUR", "7"))
    if not 0 <= digest_hour <= 23:
        raise ValueError("NOTIFY_DIGEST_HOUR must be an hour from 0 to 23")
    smtp_from = os.environ.get("SMTP_FROM", "").strip()
    if smtp_from and len(parse_addresses("SMTP_FROM", smtp_from)) != 1:
        raise ValueError("SMTP_FROM must be one email address")
    by_location: Dict[str, Tuple[str, ...]] = {}
    for name, value in os.environ.items():
        if name.startswith(NOTIFY_TO_LOCATION_PREFIX) and value.strip():
            by_location[location_key(name[len(NOTIFY_TO_LOCATION_PREFIX) :])] = parse_addresses(
                name, value
            )
    return NotifySettings(
        smtp_host=os.environ.get("SMTP_HOST", "").strip(),
        smtp_port=int(_env("SMTP_PORT", "587")),
        smtp_starttls=_flag("SMTP_STARTTLS", True),
        smtp_user=os.environ.get("SMTP_USER", ""),
        smtp_password=os.environ.get("SMTP_PASSWORD", ""),
        smtp_from=smtp_from,
        notify_to=parse_addresses("NOTIFY_TO", os.environ.get("NOTIFY_TO", "")),
        notify_to_by_location=by_location,
        mode=mode,
        digest_hour=digest_hour,
        public_base_url=os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/"),
    )


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    host: str
    bot_port: int
    rasa_port: int
    actions_port: int
    database_url: str
    cors_origins: tuple
    # Off only for load tests on loopback (bench/); visitors are always limited.
    chat_rate_limits: bool = True
    # Transcripts and closed requests older than this are purged (`python -m bot purge`).
    retention_days: int = 90
    notify: NotifySettings = field(default_factory=NotifySettings)
    # --- production (issue 8) ---
    # "production": `make run` starts one Rasa process per rasa_ports entry, each with its own
    # action server (actions_ports), sharing the database and a Redis lock store.
    profile: str = "default"
    # Rasa's lock store (components/lock_store.py). Empty: in memory, one Rasa process only.
    redis_url: str = field(default="", repr=False)  # may carry a password
    rasa_ports: Tuple[int, ...] = ()
    actions_ports: Tuple[int, ...] = ()
    # Reverse proxies whose X-Forwarded-For / Forwarded header is believed (bot/client_address.py).
    # Empty: the direct peer is the client.
    trusted_proxies: Tuple[Network, ...] = ()
    # Where Rasa and the action server listen, whatever HOST (the public web app's) says:
    # loopback, or a private address on a cluster (INTERNAL_HOST). Never the public side.
    internal_host: str = "127.0.0.1"
    # Administrators must log in with a TOTP code (`python -m bot staff totp NAME`).
    staff_totp_for_admins: bool = False
    # Live chat (issue 20): how long a visitor waits for staff to join before the call-back offer.
    live_chat_wait_s: int = DEFAULT_WAIT_S

    @property
    def rasa_url(self) -> str:
        return _env("RASA_URL", f"http://127.0.0.1:{self.rasa_port}")

    @property
    def action_server_url(self) -> str:
        return _env("ACTION_SERVER_URL", f"http://127.0.0.1:{self.actions_port}/webhook")

    @property
    def production(self) -> bool:
        return self.profile == PRODUCTION

    @property
    def rasa_urls(self) -> Tuple[str, ...]:
        """The Rasa servers the gateway spreads conversations over (and fails over between).

        RASA_URLS (comma-separated) names them on a cluster; else the production profile's
        local processes; else the one RASA_URL.
        """
        listed = _url_list("RASA_URLS")
        if listed:
            return listed
        if self.production:
            return tuple(f"http://127.0.0.1:{port}" for port in self.rasa_ports)
        return (self.rasa_url.rstrip("/"),)

    @property
    def action_server_urls(self) -> Tuple[str, ...]:
        """Every action server's webhook, for the app's health check: ACTION_SERVER_URLS
        (comma-separated) on a cluster, else the production profile's local ones, else
        ACTION_SERVER_URL."""
        listed = _url_list("ACTION_SERVER_URLS")
        if listed:
            return listed
        if self.production:
            return tuple(f"http://127.0.0.1:{port}/webhook" for port in self.actions_ports)
        return (self.action_server_url,)

    @property
    def bot_url(self) -> str:
        """Where the action server reaches the app's /api/appointments."""
        return _env("BOT_URL", f"http://127.0.0.1:{self.bot_port}")

    @property
    def public_base_url(self) -> str:
        """Where staff open the console: the links in notification emails."""
        return self.notify.public_base_url or self.bot_url


def default_var_dir() -> Path:
    return Path(_env("VAR_DIR", str(PROJECT_DIR / "var")))


PROFILES = ("default", "production")
PRODUCTION = "production"
PRODUCTION_WORKERS = (
    2  # Rasa processes (each with an action server) `make run PROFILE=production` starts
)


def _ports(name: str, first: int, count: int) -> Tuple[int, ...]:
    """A comma-separated port list from `name`, else `count` ports from `first` on."""
    listed = tuple(int(p) for p in os.environ.get(name, "").split(",") if p.strip())
    return listed or tuple(range(first, first + count))


def load_settings() -> Settings:
    var_dir = default_var_dir()
    profile = _env("PROFILE", "default").strip().lower()
    if profile not in PROFILES:
        raise ValueError(f"PROFILE must be one of {', '.join(PROFILES)}, not {profile!r}")
    rasa_port, actions_port = int(_env("RASA_PORT", "5005")), int(_env("ACTIONS_PORT", "5055"))
    # The production profile's local processes; RASA_PORT / ACTIONS_PORT stay each process's own.
    workers = PRODUCTION_WORKERS if profile == PRODUCTION else 1
    rasa_ports, actions_ports = (
        _ports("RASA_PORTS", rasa_port, workers),
        _ports("ACTIONS_PORTS", actions_port, workers),
    )
    if len(rasa_ports) != len(actions_ports):
        raise ValueError(
            "RASA_PORTS and ACTIONS_PORTS must list the same number of ports (one action server per Rasa)"
        )
    return Settings(
        var_dir=var_dir,
        host=_env("HOST", "127.0.0.1"),
        bot_port=int(_env("BOT_PORT", "8000")),
        rasa_port=rasa_port,
        actions_port=actions_port,
        database_url=_env("DATABASE_URL", f"sqlite:///{var_dir / 'clinic.db'}"),
        cors_origins=tuple(o for o in _env("CORS_ORIGINS", "").split(",") if o),
        chat_rate_limits=_env("CHAT_RATE_LIMITS", "on") != "off",
        retention_days=int(_env("RETENTION_DAYS", "90")),
        notify=load_notify_settings(),
        profile=profile,
        redis_url=os.environ.get("REDIS_URL", "").strip(),
        rasa_ports=rasa_ports,
        actions_ports=actions_ports,
        trusted_proxies=parse_networks("TRUSTED_PROXIES", os.environ.get("TRUSTED_PROXIES", "")),
        internal_host=_env("INTERNAL_HOST", "127.0.0.1"),
        staff_totp_for_admins=_flag("STAFF_TOTP_FOR_ADMINS", False),
        live_chat_wait_s=max(5, int(_env("LIVE_CHAT_WAIT_S", str(DEFAULT_WAIT_S)))),
    )


# Secrets: from the environment, else generated once into var/secrets.json (0600).
SECRET_NAMES = {
    "gateway_key": "GATEWAY_SECRET",  # signs visitors' chat session ids
    "appointments_token": "APPOINTMENTS_API_TOKEN",  # action server -> /api/appointments
    "rasa_token": "RASA_TOKEN",  # app -> Rasa's REST channel and HTTP API (Bearer)
    "actions_token": "ACTION_SERVER_TOKEN",  # Rasa -> action server (Bearer, endpoints.yml)
    "staff_session_key": "STAFF_SESSION_KEY",  # staff console session cookies
}


class InsecureSecretsFile(RuntimeError):
    pass


def check_private_file(path: Path) -> None:
    """Refuse a secrets file others may read or write (as ssh does with a private key)."""
    info = path.stat()
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InsecureSecretsFile(
            f"{path} is readable or writable by other users (mode {stat.S_IMODE(info.st_mode):o});"
            f" run: chmod 600 {path}"
        )
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise InsecureSecretsFile(f"{path} belongs to another user; it must be this user's own")


def load_secrets(var_dir: Path | None = None) -> dict:
    var_dir = var_dir or load_settings().var_dir
    path = var_dir / "secrets.json"
    stored = {}
    if path.exists():
        check_private_file(path)
        stored = json.loads(path.read_text())
    missing = [k for k, env in SECRET_NAMES.items() if not os.environ.get(env) and k not in stored]
    if missing:
        var_dir.mkdir(parents=True, exist_ok=True)
        stored.update({k: secrets.token_urlsafe(32) for k in missing})
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(stored, f)
        os.chmod(path, 0o600)
    return {k: os.environ.get(env) or stored[k] for k, env in SECRET_NAMES.items()}


# Data encryption keys (PHI at rest, issue 7): Fernet keys, newest first. The newest
# encrypts, every listed key decrypts (clinic/field_crypto.py). From DATA_ENCRYPTION_KEYS
# (comma-separated), else the key file DATA_KEY_FILE (default var/keys/data.key: one key
# a line, generated once with mode 0600). Rasa, the action server and the app all read
# them here, so the three processes always share the same keys.
DATA_KEYS_ENV = "DATA_ENCRYPTION_KEYS"
DATA_KEY_FILE_ENV = "DATA_KEY_FILE"


def data_key_file() -> Path:
    explicit = os.environ.get(DATA_KEY_FILE_ENV)
    return Path(explicit) if explicit else default_var_dir() / "keys" / "data.key"


def env_data_keys() -> Optional[Tuple[str, ...]]:
    """The keys from DATA_ENCRYPTION_KEYS, or None when it is not set."""
    value = os.environ.get(DATA_KEYS_ENV, "")
    keys = tuple(k.strip() for k in value.split(",") if k.strip())
    return keys or None


def read_data_key_file(path: Path) -> Tuple[str, ...]:
    lines = path.read_text(encoding="ascii").splitlines()
    return tuple(
        line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")
    )


def write_data_key_file(path: Path, keys: Tuple[str, ...], *, replace: bool = True) -> bool:
    """Write the keys atomically with mode 0600; False if `replace` is off and the file exists.

    Written to a private temporary file first, then renamed (or hard-linked, which fails
    if another process created the file first): a reader never sees half a key.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = "# Data encryption keys (Fernet), newest first. Losing them loses the data.\n"
    text += "".join(k + "\n" for k in keys)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(temporary, path)
            return True
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        if temporary.exists():
            temporary.unlink()
