"""Given the demo hubs, every staff list and record page reflows at 320 CSS px (WCAG 1.4.10).

A clinical lead and a duty clinician of each hub follow every link inside their hub's staff
pages in a 320 px wide browser, and no page may scroll sideways: a wide data table may
scroll only inside its own focusable, labelled region. Which pages must be reached is read
from the URL patterns, so a new staff page is checked without anyone remembering to list it.
"""

from collections import Counter, deque
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

HUBS = ["site-a", "site-b", "site-c", "site-d"]
ROLES = ["clinical-lead", "duty-clinician"]
WIDTH = 320
STAFF_ROUTE = "staff/<slug:slug>/"

# Pages whose purpose is to show a list or a record: each must be reached and reflow.
LIST_AND_RECORD_PAGES = {
    "hub:staff_home",
    "hub:configuration",
    "triage:duty_queue",
    "triage:rota",
    "triage:alert",
    "triage:worklist",
    "triage:referral",
    "episodes:assessment",
    "episodes:client",
    "episodes:conflicts",
    "episodes:break_glass_log",
    "episodes:episode",
    "episodes:measures",
    "episodes:onward",
    "episodes:onward_letter",
    "episodes:supervision",
    "episodes:my_caseload",
    "episodes:team_caseload",
    "episodes:waiting_list",
    "episodes:directory",
    "episodes:groups",
    "episodes:group",
    "followup:schedules",
    "followup:schedule",
    "followup:non_responders",
}
# Pages whose purpose is a form: checked too whenever a link leads to one.
FORM_PAGES = {
    "triage:alert_contact",
    "triage:alert_assess",
    "triage:alert_close",
    "triage:referral_accept",
    "triage:referral_decline",
    "triage:referral_merge",
    "episodes:assessment_new",
    "episodes:client_contact",
    "episodes:break_glass",
    "episodes:break_glass_review",
    "episodes:allocate",
    "episodes:status",
    "episodes:appointment_new",
    "episodes:appointment_outcome",
    "episodes:note_new",
    "episodes:measure_new",
    "episodes:measure_link",
    "episodes:onward_new",
    "episodes:discharge",
    "episodes:directory_edit",
    "episodes:group_attendance",
    "followup:schedule_change",
}
# Addresses that only take a POST from a button on another page: nothing to open.
POST_ONLY = {
    "triage:rota_remove",
    "triage:alert_acknowledge",
    "triage:referral_questionnaires_link",
    "episodes:conflict_end",
    "episodes:group_session_new",
    "episodes:group_member_add",
    "episodes:measures_on_return",
}
# The same page with a different list (e.g. ?stage=intervention) counts as another page;
# three of each are enough to see every layout without walking a hub's whole caseload.
PER_PAGE = 3

# Elements that scroll sideways but are not a focusable region with an accessible name.
UNLABELLED_SCROLLERS = """() => [...document.querySelectorAll("body *")].filter(el => {
  const overflow = getComputedStyle(el).overflowX;
  if (!["auto", "scroll"].includes(overflow) || el.scrollWidth <= el.clientWidth) return false;
  const named = el.getAttribute("aria-labelledby") || el.getAttribute("aria-label");
  return !(el.tabIndex >= 0 && el.getAttribute("role") === "region" && named);
}).map(el => el.outerHTML.slice(0, 100))"""


def staff_url_names() -> set[str]:
    """Every URL name under /staff/<hub>/, from the project's URL patterns."""

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif (prefix + str(pattern.pattern)).startswith(STAFF_ROUTE):
                yield f"{namespace}:{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def test_every_staff_page_is_either_checked_for_reflow_or_only_takes_a_post():
    staff = staff_url_names()
    classified = LIST_AND_RECORD_PAGES | FORM_PAGES | POST_ONLY
    assert staff - classified == set(), (
        "new staff pages: add each to LIST_AND_RECORD_PAGES (it must be reached by the "
        "320 px walk below), FORM_PAGES or POST_ONLY"
    )
    assert classified - staff == set(), "these are no longer staff URL names"


class Walk:
    """One signed-in person following every link in their hub's staff pages at 320 px."""

    def __init__(self, browser, server, username: str):
        self.slug = "-".join(username.split("-")[:2])
        self.base = server.base_url
        self.context = browser.new_context(
            base_url=server.base_url, viewport={"width": WIDTH, "height": 640}
        )
        self.off_site: list[str] = []
        self.context.route("**/*", self._guard)
        self.page = self.context.new_page()
        self.reached: Counter = Counter()
        self.too_wide: list[str] = []
        self.unlabelled: list[str] = []
        self.sign_in(username)

    def _guard(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.off_site.append(url)
            route.abort()

    def sign_in(self, username: str) -> None:
        page = self.page
        page.goto("/accounts/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password", exact=True).fill("demo-password")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Enter your security code").fill("123456")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(lambda url: "/accounts/" not in url)

    def staff_path(self, href: str) -> tuple[str, str] | None:
        """(path with query, URL name) for a link to this hub's staff pages, else None."""
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != self.base:
            return None
        if not parts.path.startswith(f"/staff/{self.slug}/"):
            return None
        try:
            name = resolve(parts.path).view_name
        except Resolver404:
            return None
        query = urlencode(
            [
                (k, v)
                for k, v in parse_qsl(parts.query)
                if k not in ("page", "after", "before", "last")
            ]
        )
        return parts.path + (f"?{parts.query}" if parts.query else ""), f"{name}?{query}"

    def run(self) -> "Walk":
        seen = {f"/staff/{self.slug}/"}
        queue = deque(seen)
        per_page: Counter = Counter()
        while queue:
            path = queue.popleft()
            response = self.page.goto(path)
            assert response.status == 200, f"{path} answered {response.status}"
            self.reached[resolve(urlsplit(path).path).view_name] += 1
            self.check(path)
            for href in self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                found = self.staff_path(href)
                if not found or found[0] in seen or per_page[found[1]] >= PER_PAGE:
                    continue
                per_page[found[1]] += 1
                seen.add(found[0])
                queue.append(found[0])
        return self

    def check(self, path: str) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            self.too_wide.append(f"{path} is {width}px wide")
        self.unlabelled += [f"{path}: {html}" for html in self.page.evaluate(UNLABELLED_SCROLLERS)]

    def close(self) -> None:
        self.context.close()
        assert self.off_site == [], f"requests to other origins: {self.off_site}"


def make_an_onward_referral(browser, server, slug: str) -> None:
    """Onward referrals are not in the demo data: a clinical lead makes one on the pages."""
    walk = Walk(browser, server, f"{slug}-clinical-lead")
    page = walk.page
    try:
        page.goto(f"/staff/{slug}/team-caseload/")
        episodes = page.eval_on_selector_all(
            "#caseload a[href*='/episodes/']", "els => els.map(e => e.getAttribute('href'))"
        )
        for href in episodes[:5]:
            page.goto(f"{href}onward/new/")
            if page.locator("h1").count() != 1 or page.get_by_label("Service").count() == 0:
                continue
            page.get_by_label("Service").select_option(index=1)
            page.get_by_role("group", name="Has the client agreed to this referral?").get_by_label(
                "Yes"
            ).check()
            page.get_by_label("Covering note for the letter").fill("Specialist trauma service.")
            page.get_by_role(
                "group", name="Does the client's care move to this service?"
            ).get_by_label("No").check()
            with page.expect_navigation():
                page.get_by_role("button", name="Record referral").click()
            if resolve(urlsplit(page.url).path).view_name == "episodes:onward":
                return
        pytest.fail(f"could not make an onward referral at {slug}")
    finally:
        walk.close()


@pytest.fixture(scope="module")
def walks(browser, app_server):
    """Each (hub, role) walked once, when a test first asks for it."""
    done: dict[tuple[str, str], Walk] = {}
    referred: set[str] = set()

    def walk(slug: str, role: str) -> Walk:
        if slug not in referred:
            make_an_onward_referral(browser, app_server, slug)
            referred.add(slug)
        if (slug, role) not in done:
            person = Walk(browser, app_server, f"{slug}-{role}")
            try:
                done[(slug, role)] = person.run()
            finally:
                person.close()
        return done[(slug, role)]

    return walk


@pytest.mark.browser
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", HUBS)
def test_every_staff_page_reflows_at_320px(walks, slug, role):
    walk = walks(slug, role)
    assert walk.reached, "the walk opened no pages"
    assert walk.too_wide == [], "pages scroll sideways at 320px:\n" + "\n".join(walk.too_wide)
    assert walk.unlabelled == [], (
        "content scrolls sideways outside a focusable, labelled region:\n"
        + "\n".join(walk.unlabelled)
    )


@pytest.mark.browser
def test_the_walks_reach_every_staff_list_and_record_page(walks):
    reached = set()
    for slug in HUBS:
        for role in ROLES:
            reached |= set(walks(slug, role).reached)
    assert LIST_AND_RECORD_PAGES - reached == set(), (
        "no link from the staff home led to these pages, so their reflow went unchecked"
    )
