"""Staff sign-in: password, mandatory second factor, lock-out and session limits."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from resiliencehub.accounts.roles import Role
from resiliencehub.accounts.services import SIGNED_IN_AT
from resiliencehub.audit.models import AuditAction, AuditEvent

PASSWORD = "correct horse 42"
pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-011")]


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def sign_in(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:sign_in"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_the_password_alone_does_not_open_a_staff_page(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:verify"))

    home = client.get(reverse("hub:staff_home", kwargs={"slug": hub_a.slug}))
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:verify"))


def test_a_correct_security_code_opens_the_staff_home(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    sign_in(client, user.username)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:verify"), {"code": code_for(device)}, follow=True)
    assert response.status_code == 200
    assert hub_a.name in response.content.decode()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert AuditAction.LOGIN in actions and AuditAction.OTP_VERIFIED in actions


def test_a_security_code_cannot_be_used_twice(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    device = TOTPDevice.objects.get(user=user)
    with time_machine.travel(timezone.now(), tick=False):
        code = code_for(device)
        sign_in(client, user.username)
        assert client.post(reverse("accounts:verify"), {"code": code}).status_code == 302
        client.post(reverse("accounts:sign_out"))

        sign_in(client, user.username)
        again = client.post(reverse("accounts:verify"), {"code": code})
    assert again.status_code == 200
    assert "has been used already" in again.content.decode()


def test_a_wrong_password_is_explained_and_the_username_kept(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    response = sign_in(client, user.username, password="wrong password")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct username and password" in page
    assert f'value="{user.username}"' in page
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 1


def test_staff_without_an_authenticator_must_enrol_first(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.ADMINISTRATOR)
    TOTPDevice.objects.filter(user=user).delete()
    response = sign_in(client, user.username)
    assert response.url.startswith(reverse("accounts:enrol"))

    page = client.get(reverse("accounts:enrol"))
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        wrong = client.post(reverse("accounts:enrol"), {"code": "000000"})
        assert b"That security code is not right" in wrong.content
        too_soon = client.post(reverse("accounts:enrol"), {"code": code_for(device)})
        assert b"Wait a few seconds" in too_soon.content
    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        done = client.post(reverse("accounts:enrol"), {"code": code_for(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_sign_in_fields_allow_password_managers_and_paste(client):
    page = client.get(reverse("accounts:sign_in")).content.decode()
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert "onpaste" not in page


def test_security_code_field_is_marked_as_a_one_time_code(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    sign_in(client, user.username)
    page = client.get(reverse("accounts:verify")).content.decode()
    assert 'autocomplete="one-time-code"' in page


def test_five_failures_lock_that_username_from_that_address_only(client, hub_a, make_staff):
    target = make_staff(hub_a, Role.CLINICIAN)
    colleague = make_staff(hub_a, Role.CLINICIAN)
    for _ in range(5):
        sign_in(client, target.username, password="not it", ip="10.1.1.1")

    locked = sign_in(client, target.username, ip="10.1.1.1")
    assert locked.status_code == 429
    assert b"You cannot sign in at the moment" in locked.content

    other_client = client.__class__()
    shared_ip = sign_in(other_client, colleague.username, ip="10.1.1.1")
    assert shared_ip.status_code == 302, "a colleague on the same trust network is not locked out"


def test_the_lock_out_ends_after_fifteen_minutes(client, hub_a, make_staff):
    target = make_staff(hub_a, Role.CLINICIAN)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            sign_in(client, target.username, password="not it")
        assert sign_in(client, target.username).status_code == 429
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert sign_in(client, target.username).status_code == 302


def test_a_session_older_than_twelve_hours_is_ended(client, hub_a, make_staff, signed_in):
    user = make_staff(hub_a, Role.CLINICIAN)
    signed_in(user)
    session = client.session
    session[SIGNED_IN_AT] = time.time() - 12 * 3600 - 1
    session.save()
    response = client.get(reverse("hub:staff_home", kwargs={"slug": hub_a.slug}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign_in"))
    assert AuditEvent.objects.filter(action=AuditAction.SESSION_EXPIRED).exists()


def test_an_idle_session_expires_after_thirty_minutes(client, hub_a, make_staff, signed_in):
    user = make_staff(hub_a, Role.CLINICIAN)
    start = timezone.now()
    url = reverse("hub:staff_home", kwargs={"slug": hub_a.slug})
    with time_machine.travel(start, tick=False):
        signed_in(user)
        assert client.get(url).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(url).status_code == 200, "activity keeps the session alive"
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        assert client.get(url).status_code == 302


def test_changing_the_password_ends_existing_sessions(client, hub_a, make_staff, signed_in):
    user = make_staff(hub_a, Role.CLINICIAN)
    signed_in(user)
    url = reverse("hub:staff_home", kwargs={"slug": hub_a.slug})
    assert client.get(url).status_code == 200
    user.set_password("another long password 9")
    user.save()
    assert client.get(url).status_code == 302


def test_disabling_an_account_ends_its_sessions(client, hub_a, make_staff, signed_in):
    user = make_staff(hub_a, Role.CLINICIAN)
    signed_in(user)
    url = reverse("hub:staff_home", kwargs={"slug": hub_a.slug})
    assert client.get(url).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 302


def test_signing_out_needs_a_post_and_is_audited(client, hub_a, make_staff, signed_in):
    user = make_staff(hub_a, Role.CLINICIAN)
    signed_in(user)
    assert client.get(reverse("accounts:sign_out")).status_code == 200
    assert client.get(reverse("hub:staff_hubs")).status_code in (200, 302)
    response = client.post(reverse("accounts:sign_out"))
    assert response.url == reverse("accounts:signed_out")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()
    assert client.get(reverse("hub:staff_home", kwargs={"slug": hub_a.slug})).status_code == 302


def test_the_next_address_cannot_send_people_to_another_site(client, hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    response = client.post(
        reverse("accounts:sign_in") + "?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD},
    )
    assert "evil.example" not in response.url
