"""Start the app under gunicorn on a fresh database for a benchmark or load harness."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = Path(__file__).resolve().parent


@contextlib.contextmanager
def scratch_postgres(server_url: str):
    """A new, empty PostgreSQL database on the server `server_url` names (its database
    part is ignored), dropped afterwards; yields its URL."""
    import psycopg  # only PostgreSQL runs need it

    base, _, _ = server_url.rpartition("/")
    name = f"rh_bench_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BenchServer:
    def __init__(self, workers: int = 5, env: dict | None = None):
        """`env` may set DATABASE_URL to a scratch PostgreSQL database to measure it."""
        self.tmp = Path(tempfile.mkdtemp(prefix="rh-bench-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        # A fresh SQLite file unless a database is given on purpose: never the
        # developer's own DATABASE_URL, which may hold real or test data.
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": f"{SUPPORT}:{ROOT}",
            "RESILIENCEHUB_VAR_DIR": str(self.tmp),
            **(env or {}),
        }
        self.process = None

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
        )

    def prepare(self) -> "BenchServer":
        self.manage("migrate", "--noinput")
        self.manage("load_demo")
        return self

    def start(self) -> "BenchServer":
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "resiliencehub.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def rss_mb(self) -> list[float]:
        """Resident memory of each gunicorn process, in MB."""
        out = subprocess.run(
            ["ps", "-o", "rss=", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(line) / 1024 for line in out.split()]
