"""Every runtime setting, read from the environment with the documented defaults."""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


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

    @property
    def rasa_url(self) -> str:
        return _env("RASA_URL", f"http://127.0.0.1:{self.rasa_port}")

    @property
    def action_server_url(self) -> str:
        return _env("ACTION_SERVER_URL", f"http://127.0.0.1:{self.actions_port}/webhook")

    @property
    def bot_url(self) -> str:
        """Where the action server reaches the app's /api/appointments."""
        return _env("BOT_URL", f"http://127.0.0.1:{self.bot_port}")


def load_settings() -> Settings:
    var_dir = Path(_env("VAR_DIR", str(PROJECT_DIR / "var")))
    return Settings(
        var_dir=var_dir,
        host=_env("HOST", "127.0.0.1"),
        bot_port=int(_env("BOT_PORT", "8000")),
        rasa_port=int(_env("RASA_PORT", "5005")),
        actions_port=int(_env("ACTIONS_PORT", "5055")),
        database_url=_env("DATABASE_URL", f"sqlite:///{var_dir / 'clinic.db'}"),
        cors_origins=tuple(o for o in _env("CORS_ORIGINS", "").split(",") if o),
        chat_rate_limits=_env("CHAT_RATE_LIMITS", "on") != "off",
    )


# Secrets: from the environment, else generated once into var/secrets.json (0600).
SECRET_NAMES = {
    "gateway_key": "GATEWAY_SECRET",  # signs visitors' chat session ids
    "appointments_token": "APPOINTMENTS_API_TOKEN",  # action server -> /api/appointments
    "rasa_token": "RASA_TOKEN",  # app -> Rasa HTTP API
    "staff_session_key": "STAFF_SESSION_KEY",  # staff console session cookies
}


def load_secrets(var_dir: Path | None = None) -> dict:
    var_dir = var_dir or load_settings().var_dir
    path = var_dir / "secrets.json"
    stored = {}
    if path.exists():
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
