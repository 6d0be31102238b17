"""Browser journeys: a real server process, real headless Chromium, axe-core in every page.

The server runs as it would in production (gunicorn, sync workers) against its own
database, migrated and loaded with the demo hubs, so journeys see what a newcomer sees
after `make run`. Chromium is Debian's (never a downloaded browser).
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import psycopg
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """The app in a subprocess with its own database; restartable to test durability."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DJANGO_SETTINGS_MODULE": "resiliencehub.config.settings",
            "RESILIENCEHUB_VAR_DIR": str(tmp),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        }
        self.pg_database = None
        if os.environ.get("DATABASE_URL"):
            url = urlparse(os.environ["DATABASE_URL"])
            self.pg_database = f"rh_e2e_{secrets.token_hex(4)}"
            self.pg_admin = url._replace(path="/postgres").geturl()
            with psycopg.connect(self.pg_admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.pg_database}"')
            self.env["DATABASE_URL"] = url._replace(path=f"/{self.pg_database}").geturl()
        self.process = None
        self.worker = None

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "resiliencehub.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the app server did not start")

    def kill(self) -> None:
        """Stop the server the hard way (SIGKILL to the whole process group)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )

    def stop(self) -> None:
        self.kill()
        if self.worker and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=10)
        if self.pg_database:
            with psycopg.connect(self.pg_admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("app"))
    try:
        server.manage("migrate", "--noinput")
        server.manage("load_demo")
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM}: run `make chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class OffSiteRequests(list):
    """Requests the page tried to make to any origin but the app's own."""


@pytest.fixture
def page(browser, app_server):
    context = browser.new_context(base_url=app_server.base_url)
    off_site = OffSiteRequests()

    def guard(route):
        if route.request.url.startswith(app_server.base_url) or route.request.url.startswith(
            "data:"
        ):
            route.continue_()
        else:
            off_site.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.off_site_requests = off_site
    yield page
    context.close()
    assert list(off_site) == [], f"the page requested other origins: {list(off_site)}"


_axe = Axe()
# Every page checked in this run, by label, for the summary line (quality.md A1).
AXE_PAGES: list[str] = []


def pytest_terminal_summary(terminalreporter):
    if AXE_PAGES:
        errors = sum(1 for label in AXE_PAGES if "error" in label.lower())
        terminalreporter.write_line(
            f"axe-core (WCAG 2.2 AA): 0 violations on {len(AXE_PAGES)} page checks, "
            f"{errors} of them error states"
        )


def assert_accessible(page, label: str = "") -> None:
    """axe-core, WCAG 2.2 AA tags: zero violations (quality.md A1)."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    violations = results.response["violations"]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in violations
    ]
    assert violations == [] or not details, f"{label or page.url}: " + "\n".join(details)
    AXE_PAGES.append(label or page.url)


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{page.url}: content is {width}px wide in a {viewport}px viewport"


def sign_in(page, username: str, password: str = "demo-password", code: str = "123456") -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Enter your security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
