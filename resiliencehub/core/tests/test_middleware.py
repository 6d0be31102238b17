"""Every response carries a request id (echoed in audit events) and is never cached."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_well_formed_request_id_from_the_proxy_is_kept(client):
    response = client.get(reverse("core:privacy"), HTTP_X_REQUEST_ID="abc12345-proxy")
    assert response["X-Request-ID"] == "abc12345-proxy"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get(reverse("core:privacy"), HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert response["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(response["X-Request-ID"]) == 16


def test_pages_are_never_stored_by_browsers_or_proxies(client):
    response = client.get(reverse("hub:directory"))
    assert response["Cache-Control"] == "no-store"


def test_the_health_check_answers_without_signing_in(client):
    response = client.get(reverse("core:healthz"))
    assert response.json() == {"status": "ok"}
