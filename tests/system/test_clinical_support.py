"""Fixtures and steps for the clinical browser journeys (no tests in this module).

The clinical journeys run against their own server process and database, loaded with
the demo hubs and their synthetic clients, so that what they change does not disturb
other suites sharing a session. Test modules import the fixtures by their function
names (`*_fixture`); pytest knows them as `clinical_server` and `staff`.
"""

import contextlib
import time
from datetime import datetime, timedelta

import pytest

from .conftest import AppServer, assert_accessible

# Every page a journey visits is checked with axe (quality.md A1).
CHECKED: list[str] = []


@pytest.fixture(scope="module", name="clinical_server")
def clinical_server_fixture(tmp_path_factory):
    server = AppServer(tmp_path_factory.mktemp("clinical"))
    try:
        server.manage("migrate", "--noinput")
        server.env["SITE_URL"] = server.base_url
        server.manage("load_demo")
        server.start()
        server.start_worker()
        yield server
    finally:
        server.stop()


def emails_to(server, address: str, timeout: float = 20) -> list[str]:
    """Plain-text emails the worker wrote for `address` (file-based backend), waiting for one."""
    deadline = time.monotonic() + timeout
    while True:
        found = []
        for path in sorted((server.tmp / "mail").glob("*.log")):
            for message in path.read_text().split("-" * 79):
                if f"To: {address}" in message:
                    found.append(message)
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


class Staff:
    """A signed-in browser session for one demo account."""

    def __init__(self, browser, server, username):
        self.context = browser.new_context(base_url=server.base_url)
        self.off_site = []
        self.context.route("**/*", self._guard(server.base_url))
        self.page = self.context.new_page()
        self.username = username
        self.slug = username.split("-")[0] + "-" + username.split("-")[1]
        self.sign_in()

    def _guard(self, base):
        def guard(route):
            url = route.request.url
            if url.startswith(base) or url.startswith("data:"):
                route.continue_()
            else:
                self.off_site.append(url)
                route.abort()

        return guard

    def sign_in(self):
        page = self.page
        page.goto("/accounts/sign-in/")
        page.get_by_label("Username").fill(self.username)
        page.get_by_label("Password", exact=True).fill("demo-password")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Enter your security code").fill("123456")
        page.get_by_role("button", name="Continue").click()

    def go(self, path: str):
        return self.page.goto(path)

    def check(self, label: str):
        """axe-core, WCAG 2.2 AA: zero violations; one <h1>."""
        self.page.wait_for_load_state("load")
        assert self.page.locator("h1").count() == 1, f"{label}: one h1"
        assert_accessible(self.page, f"{self.username}: {label}")
        CHECKED.append(label)

    def click(self, name: str, role: str = "link"):
        with self.page.expect_navigation():
            self.page.get_by_role(role, name=name, exact=True).first.click()

    def follow(self, locator):
        """Click something that loads a new page, and wait for it."""
        with self.page.expect_navigation():
            locator.click()

    def submit(self, name: str):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=name).click()

    def errors(self) -> str:
        summary = self.page.locator(".nhsuk-error-summary")
        return summary.inner_text() if summary.count() else ""

    def main(self) -> str:
        return self.page.locator("main").inner_text()

    def close(self):
        with contextlib.suppress(Exception):
            self.context.close()
        assert self.off_site == [], f"requests to other origins: {self.off_site}"


@pytest.fixture(name="staff")
def staff_fixture(browser, clinical_server):
    opened = []

    def sign_in(username: str) -> Staff:
        session = Staff(browser, clinical_server, username)
        opened.append(session)
        return session

    yield sign_in
    for session in opened:
        session.close()


def local(days: float = 0, hour: int = 10) -> str:
    """A value for a date-time input, `days` from today at `hour` o'clock."""
    moment = (datetime.now() + timedelta(days=days)).replace(hour=hour, minute=0)
    return moment.strftime("%Y-%m-%dT%H:%M")


def answer_measure(page, answers: dict[int, int], prefix: str = ""):
    """Tick the answer with value `answers[n]` for each question n of a measure page."""
    for number, value in answers.items():
        page.locator(f"input[name='{prefix}item_{number}'][value='{value}']").check()
