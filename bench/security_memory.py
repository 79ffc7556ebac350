"""Memory the web app spends on two floods (issue 18), measured in this process.

    .venv/bin/python bench/security_memory.py logins [N]   # N concurrent wrong staff log-ins (50)
    .venv/bin/python bench/security_memory.py bombs [N]    # N concurrent 50 kB gzip bodies (10)

Serves the real app (create_app, real SQLite, production argon2 parameters) on a loopback
port, sends the flood over HTTP and samples this process's resident memory every 2 ms.
Baseline, same run: one request of the same kind; the ratio is flood growth / one request.
Run it from an older checkout too to compare (issue 18's note has the numbers).
"""

from __future__ import annotations

import asyncio
import gzip
import re
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

import aiohttp  # noqa: E402
import psutil  # noqa: E402
from aiohttp.test_utils import TestServer  # noqa: E402

from bot.app import create_app  # noqa: E402
from bot.migrations import migrate  # noqa: E402
from bot.staff.accounts import create_account  # noqa: E402
from clinic.database import create_db_engine  # noqa: E402
from clinic.settings import load_settings  # noqa: E402

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Peak:
    def __init__(self) -> None:
        self.process, self.stop = psutil.Process(), threading.Event()
        self.base = self.peak = self.process.memory_info().rss
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.002)

    def __enter__(self) -> "Peak":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()

    @property
    def growth_mib(self) -> float:
        return (self.peak - self.base) / 2**20


async def wrong_log_in(url: str, n: int) -> int:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(url) as page:
            token = CSRF.search(await page.text()).group(1)
        form = {"csrf_token": token, "username": "frontdesk", "password": f"wrong {n}"}
        async with http.post(url, data=form, allow_redirects=False) as response:
            return response.status


async def bomb(url: str, body: bytes) -> int:
    async with aiohttp.ClientSession() as http:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        async with http.post(url, data=body, headers=headers) as response:
            return response.status


async def measure(kind: str, count: int) -> None:
    var = Path(tempfile.mkdtemp(prefix="security-memory-"))
    settings = replace(load_settings(), var_dir=var, database_url=f"sqlite:///{var}/clinic.db")
    migrate(settings.database_url)
    engine = create_db_engine(settings.database_url)
    create_account(
        engine, "frontdesk", "a long enough passphrase", "staff", datetime.now(timezone.utc)
    )
    engine.dispose()
    server = TestServer(create_app(settings), host="127.0.0.1")
    await server.start_server()
    if kind == "logins":
        url = str(server.make_url("/staff/login"))
        make = lambda n: wrong_log_in(url, n)  # noqa: E731
    else:
        url = str(server.make_url("/api/chat"))
        body = gzip.compress(b'{"message": "' + b"0" * (50 * 2**20) + b'"}', 9)
        make = lambda n: bomb(url, body)  # noqa: E731
    try:
        with Peak() as one:
            await make(0)
        with Peak() as flood:
            statuses = await asyncio.gather(*(make(n) for n in range(1, count + 1)))
    finally:
        await server.close()
    ratio = flood.growth_mib / one.growth_mib if one.growth_mib > 0.5 else float("nan")
    print(
        f"{kind}: {count} at once -> HTTP {sorted(set(statuses))}; resident memory growth"
        f" {flood.growth_mib:.0f} MiB (one request: {one.growth_mib:.0f} MiB, ratio {ratio:.1f})"
    )


def main() -> int:
    kind = sys.argv[1] if len(sys.argv) > 1 else "logins"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else (50 if kind == "logins" else 10)
    if kind not in ("logins", "bombs"):
        print("usage: security_memory.py logins|bombs [N]", file=sys.stderr)
        return 2
    asyncio.run(measure(kind, count))
    return 0


if __name__ == "__main__":
    sys.exit(main())
