"""Fixtures and steps for the public-journey browser tests (no tests in this module).

Test modules import the fixtures by their function names (`*_fixture`); pytest knows
them by the names the tests use: `mailbox`, `intake_server`, `journeys`.

The intake journeys run against their own server process whose emails go to a real
local SMTP server (aiosmtpd) started here, with the task worker running, so feedback
and link emails are checked end to end.
"""

import contextlib
import email
import re
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller

from .conftest import AppServer, assert_no_horizontal_scroll, free_port
from .conftest import assert_accessible as _assert_accessible

AXE_CHECKED: list[str] = []
"""Every page and error state checked with axe-core in this run (printed at the end)."""


def assert_accessible(page, label: str) -> None:
    _assert_accessible(page, label)
    AXE_CHECKED.append(label)


LINK = re.compile(
    r"http://127\.0\.0\.1:\d+(/h/[^\s]+/(?:resume|returning|questionnaires)/[^\s/]+/)"
)


class Mailbox:
    """Messages the SMTP server received, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, to: str, subject_contains: str = "", timeout: float = 45):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.messages:
                if to in message["To"] and subject_contains in message["Subject"]:
                    return message
            time.sleep(0.2)
        raise AssertionError(f"no email to {to} about {subject_contains!r}; got {self.summary()}")

    def summary(self):
        return [(m["To"], m["Subject"]) for m in self.messages]

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def link_in(self, message) -> str:
        return LINK.search(self.body(message)).group(1)


@pytest.fixture(scope="session", name="mailbox")
def mailbox_fixture():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture(scope="session", name="intake_server")
def intake_server_fixture(tmp_path_factory, mailbox):
    server = AppServer(tmp_path_factory.mktemp("intake-app"))
    server.env.update(
        {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mailbox.port),
            "SITE_URL": server.base_url,
        }
    )
    try:
        server.manage("migrate", "--noinput")
        server.manage("load_demo")
        server.start()
        server.start_worker()
        yield server
    finally:
        server.stop()
        errors = sum(1 for label in AXE_CHECKED if label.endswith("(error)"))
        print(
            f"\nintake: axe-core found 0 violations on {len(AXE_CHECKED)} checks "
            f"({len(AXE_CHECKED) - errors} pages, {errors} error states)"
        )


def shell(server, code: str) -> str:
    """Run Python in the server's environment and return what it printed."""
    lines = server.manage("shell", "--verbosity", "0", "-c", code).strip().splitlines()
    return lines[-1] if lines else ""


def referral_of(email: str) -> str:
    """Shell code binding `r` to the latest referral of the client with this email
    (emails are encrypted, so they are compared in Python)."""
    return (
        "from resiliencehub.intake.models import Referral; "
        "r = [x for x in Referral.objects.order_by('-submitted_at') "
        f"if x.client.email == '{email}'][0]; "
    )


class Journey:
    """A browser context on the intake server that refuses any other origin."""

    def __init__(self, browser, server):
        self.browser = browser
        self.server = server
        self.off_site = []
        self.open()

    def open(self, viewport=None, javascript: bool = True):
        self.context = self.browser.new_context(
            base_url=self.server.base_url,
            viewport=viewport or {"width": 1024, "height": 800},
            java_script_enabled=javascript,
        )

        def guard(route):
            url = route.request.url
            if url.startswith(self.server.base_url) or url.startswith("data:"):
                route.continue_()
            else:
                self.off_site.append(url)
                route.abort()

        self.context.route("**/*", guard)
        self.page = self.context.new_page()
        return self.page

    def close(self):
        self.context.close()
        assert self.off_site == [], f"requests to other origins: {self.off_site}"


@pytest.fixture(name="journeys")
def journeys_fixture(browser, intake_server):
    opened = []

    def make():
        journey = Journey(browser, intake_server)
        opened.append(journey)
        return journey

    yield make
    for journey in opened:
        with contextlib.suppress(Exception):  # already closed by the test
            journey.context.close()
        assert journey.off_site == [], f"requests to other origins: {journey.off_site}"


def page_key(page) -> str:
    return page.url.split("?")[0].rstrip("/").split("/")[-1]


def continue_button(page):
    return page.locator("main form button[type=submit]").first


def check_page(page, label: str, seen: set, audit: bool = True, reflow: bool = False):
    """axe on the page, its error state (submitted empty) when it has one, and reflow."""
    page.wait_for_load_state()
    if label in seen:
        return
    seen.add(label)
    assert page.locator("h1").count() == 1, f"{label}: one h1"
    if reflow:
        assert_no_horizontal_scroll(page)
    if audit:
        assert_accessible(page, label)


def error_state(page, label: str, seen: set, audit: bool = True, reflow: bool = False):
    """Submit the page empty; where it has required fields, check its error state."""
    url = page.url
    continue_button(page).click()
    page.wait_for_load_state()
    if page.url != url:
        return False
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible(), f"{label}: no error summary"
    assert page.title().startswith("Error:"), f"{label}: title {page.title()!r}"
    if reflow:
        assert_no_horizontal_scroll(page)
    if audit:
        assert_accessible(page, f"{label} (error)")
    seen.add(f"{label} (error)")
    return True


NO_EMPTY_SUBMIT = {"how-to-contact-you", "what-you-would-like-help-with", "check-your-details"}


def fill(page, person: dict, choose: dict | None = None):
    """Answer the current question page: the first option unless `choose` names one."""
    choose = choose or {}
    radios = page.eval_on_selector_all(
        "main form input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
    )
    for name in radios:
        if name in choose:
            page.locator(f"input[name='{name}'][value='{choose[name]}']").check()
        else:
            page.locator(f"input[name='{name}']").first.check()
    for name in page.eval_on_selector_all(
        "main form input[type=checkbox]", "els => [...new Set(els.map(e => e.name))]"
    ):
        if name in ("agree", "research"):
            page.locator(f"input[name='{name}']").first.check()
        elif name == "ways":
            page.locator("input[name='ways'][value='email']").check()
        else:
            page.locator(f"input[name='{name}']").first.check()
    values = {
        "full_name": person["name"],
        "email": person["email"],
        "phone": person["phone"],
        "reason": "Struggling to sleep after a hard winter on the ward.",
    }
    for box in page.locator(
        "main form input[type=text], main form input[type=email], textarea"
    ).all():
        name = box.get_attribute("name")
        if name in ("preferred_name", "notes"):
            continue
        if not box.input_value():
            box.fill(values.get(name, "Staff nurse"))


def run_pages(
    page,
    person: dict,
    *,
    audit=True,
    reflow=False,
    choose=None,
    stop_at=None,
    seen=None,
    on_risk=None,
):
    """Answer question pages until check-your-answers (or `stop_at`); returns pages seen."""
    seen = seen if seen is not None else set()
    visited = []
    for _ in range(120):
        key = page_key(page)
        if "/help-now/" in page.url:
            check_page(page, "help now", seen, audit, reflow)
            visited.append("help-now")
            if on_risk:
                on_risk(page)
            continue_button(page).click()
            page.wait_for_load_state()
            continue
        if "/questions/" not in page.url or key == stop_at:
            return visited
        visited.append(key)
        check_page(page, key, seen, audit, reflow)
        if key not in NO_EMPTY_SUBMIT:
            error_state(page, key, seen, audit, reflow)
            if page_key(page) != key:
                continue
        fill(page, person, choose)
        continue_button(page).click()
        page.wait_for_load_state()
    raise AssertionError("the journey did not reach the end")


def eligibility(page, slug: str, answers: dict, *, seen=None, audit=True, reflow=False):
    """From the hub's home page, through the start page and the eligibility questions."""
    seen = seen if seen is not None else set()
    page.goto(f"/h/{slug}/")
    page.locator("main a.nhsuk-button").click()
    page.wait_for_load_state()
    check_page(page, f"{slug} start", seen, audit, reflow)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_load_state()
    for _ in range(10):
        if "/eligibility/" not in page.url:
            return
        key = page_key(page)
        check_page(page, f"eligibility {key}", seen, audit, reflow)
        error_state(page, f"eligibility {key}", seen, audit, reflow)
        page.locator(f"input[name='answer'][value='{answers[key]}']").check()
        continue_button(page).click()
        page.wait_for_load_state()


STAFF = {
    "who": "staff",
    "age": "35-to-44",
    "sector": "nhs",
    "region": "yes",
    "critical_care": "yes",
}


def person(tag: str) -> dict:
    return {
        "name": f"Robin Keyworker {tag}",
        "email": f"robin.{tag}@example.org",
        "phone": "07700 900123",
    }
