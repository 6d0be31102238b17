"""Given a fresh install with the demo hubs, every page built so far works and is accessible.

Runs in headless Debian Chromium against the app served by gunicorn.
"""

import re

import pytest
from playwright.sync_api import expect

from resiliencehub.accounts.roles import Role

from .conftest import assert_accessible, assert_no_horizontal_scroll, sign_in

pytestmark = pytest.mark.browser

HUBS = ["site-a", "site-b", "site-c", "site-d"]
PUBLIC_PAGES = ["/", "/privacy/", "/accessibility/", *[f"/h/{slug}/" for slug in HUBS]]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible_and_reflows_at_320px(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert_no_horizontal_scroll(page)


@pytest.mark.hazard("HAZ-010")
@pytest.mark.parametrize("slug", HUBS)
def test_each_hub_page_shows_how_to_get_help_now(page, slug):
    page.goto(f"/h/{slug}/")
    help_now = page.locator("#get-help-now")
    assert "116 123" in help_now.inner_text()
    assert "999" in help_now.inner_text()


def test_a_missing_page_says_so_accessibly(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    assert_accessible(page)


def test_the_sign_in_error_state_is_accessible(page):
    page.goto("/accounts/sign-in/")
    assert_accessible(page, "sign-in")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error:"))
    assert_accessible(page, "sign-in with errors")
    page.get_by_label("Username").fill("site-a-clinician")
    page.get_by_label("Password", exact=True).fill("demo-password")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Enter your security code")).to_be_visible()
    assert_accessible(page, "security code")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the 6-digit security code")
    assert_accessible(page, "security code with errors")


@pytest.mark.parametrize("slug", HUBS)
@pytest.mark.parametrize("role", list(Role))
def test_every_demo_role_signs_in_with_mfa_and_sees_their_home(page, slug, role):
    sign_in(page, f"{slug}-{role.value.replace('_', '-')}")
    assert page.url.endswith(f"/staff/{slug}/")
    assert role.label in page.locator(".nhsuk-caption-l").inner_text()
    if slug == "site-a":
        assert_accessible(page, f"{role.label} home")


def test_the_service_map_page_is_accessible(page):
    sign_in(page, "site-b-service-manager")
    page.get_by_role("link", name="Hub configuration and service map").click()
    assert page.locator("h1").inner_text() == "Service map"
    assert "26.60" in page.content()
    assert_accessible(page, "service map")


def test_the_system_administrator_reaches_administration(page):
    sign_in(page, "sysadmin")
    assert_accessible(page, "system administrator home")
    page.get_by_role("link", name="Open system administration").click()
    assert "Hubs, accounts and configuration" in page.content()
