"""Every route, every method, every persona (quality.md S1, S3, S7, S8)."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import load_demo_hub, verify_session

from .matrix import ADMIN_NAMESPACE, ROUTES, Route
from .personas import PERSONAS, SUPERUSER, UNVERIFIED, build_cast

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-006")]

REQUIRED_CSP = ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")


def all_url_patterns(resolver=None, namespace="", params=()) -> list[tuple[str, tuple]]:
    """(namespaced name, its URL parameters) for every pattern the project serves."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        own = tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += all_url_patterns(pattern, inner, params + own)
        elif isinstance(pattern, URLPattern):
            # Django's admin adds unnamed redirects (<path:object_id>/ → change page);
            # every pattern of this project's own must be named.
            if not pattern.name:
                assert namespace == f"{ADMIN_NAMESPACE}:", f"{pattern.pattern} has no name"
                continue
            found.append((f"{namespace}{pattern.name}", params + own))
    return found


def all_url_names() -> list[str]:
    return [name for name, _ in all_url_patterns()]


def test_every_url_pattern_is_in_the_matrix():
    covered = {route.name for route in ROUTES}
    missing = [
        name
        for name in all_url_names()
        if name not in covered and not name.startswith(f"{ADMIN_NAMESPACE}:")
    ]
    assert missing == [], f"add these routes to tests/access/matrix.py: {missing}"


@pytest.fixture
def cast(make_staff):
    return build_cast(load_demo_hub("site-a"), load_demo_hub("site-b"), make_staff)


def client_for(cast, persona: str) -> Client:
    client = Client()
    user = cast.user(persona)
    if persona == UNVERIFIED:
        client.force_login(user)
        session = client.session
        session["signed_in_at"] = __import__("time").time()
        session.save()
    elif user is not None:
        verify_session(client, user)
    return client


def check_headers(response, url: str) -> None:
    """quality.md S7: security headers on every HTML response."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    csp = response.get("Content-Security-Policy", "")
    for directive in REQUIRED_CSP:
        assert directive in csp, f"{url}: CSP lacks {directive}"
    assert "'unsafe-inline'" not in csp, url
    assert response["Cache-Control"] == "no-store", url
    assert response["X-Content-Type-Options"] == "nosniff", url
    assert response["Referrer-Policy"] == "same-origin", url
    assert (
        int(response["Strict-Transport-Security"].split("max-age=")[1].split(";")[0]) >= 31_536_000
    )


def check_denied_response_reveals_nothing(response, cast, persona, url) -> None:
    """quality.md S3: a refused request carries nothing of the record or hub it asked about."""
    if response.status_code < 300:
        return
    body = response.content.decode(errors="replace")
    for canary in getattr(cast, "canaries", []):
        assert canary not in body, f"{persona} {url}: denied response contains {canary!r}"
        for header, value in response.items():
            assert canary not in value, f"{persona} {url}: header {header} leaks {canary!r}"


def try_route(cast, route: Route, method: str, persona: str):
    url = reverse(route.name, kwargs=route.kwargs(cast) or None)
    client = client_for(cast, persona)
    send = getattr(client, method.lower())
    response = (
        send(url, data=route.data(cast), secure=True)
        if method == "POST"
        else send(url, secure=True)
    )
    return url, response


@pytest.mark.parametrize("route", ROUTES, ids=[f"{r.name}" for r in ROUTES])
def test_route_answers_each_persona_as_the_matrix_says(cast, route):
    failures = []
    for method, table in route.methods.items():
        for persona in PERSONAS:
            url, response = try_route(cast, route, method, persona)
            if response.status_code != table[persona]:
                expected = table[persona]
                failures.append(f"{method} {url} as {persona}: {response.status_code} ≠ {expected}")
            check_headers(response, url)
            check_denied_response_reveals_nothing(response, cast, persona, url)
    assert failures == []


def admin_urls(cast) -> list[tuple[str, str]]:
    """Each registered model's list and add pages, and the admin index."""
    urls = [("admin:index", reverse("admin:index"))]
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            name = f"admin:{meta.app_label}_{meta.model_name}_{view}"
            urls.append((name, reverse(name)))
    return urls


def test_system_administration_is_for_the_system_administrator_only(cast):
    failures = []
    for name, url in admin_urls(cast):
        for persona in PERSONAS:
            response = client_for(cast, persona).get(url, secure=True)
            if persona != SUPERUSER:
                expected = {302, 403}
            elif name.endswith("_add"):
                # Read-only records (the audit trail, lock-out attempts) refuse additions.
                expected = {200, 403}
            else:
                expected = {200}
            if response.status_code not in expected:
                failures.append(f"{url} as {persona}: {response.status_code}, expected {expected}")
    assert failures == []


def test_no_admin_route_is_open_to_anyone_but_the_system_administrator(cast):
    """Every admin pattern, including object pages, refuses everyone else."""
    for name, params in all_url_patterns():
        if not name.startswith(f"{ADMIN_NAMESPACE}:"):
            continue
        values = {"app_label": "hub", "content_type_id": "1"}
        url = reverse(name, kwargs={p: values.get(p, "1") for p in params} or None)
        for persona in PERSONAS:
            if persona == SUPERUSER:
                continue
            response = client_for(cast, persona).get(url, secure=True)
            assert response.status_code in (302, 403, 404), (
                f"{url} as {persona}: {response.status_code}"
            )
            if response.status_code == 302:
                assert response.url == "/system-admin/" or response.url.startswith(
                    ("/accounts/", "/system-admin/login/")
                ), f"{url} as {persona} redirected into {response.url}"
