"""Limits that stop password spraying and code guessing from one address (ADR 0033).

The per-account lock (5 wrong passwords for one username from one address) is tested in
test_sign_in.py; these tests cover guessing spread across many accounts, and wrong
security codes.
"""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from resiliencehub.accounts.roles import Role
from resiliencehub.nhsuk_forms.formatting import format_time

PASSWORD = "correct horse 42"
ATTACKER = "203.0.113.7"
TRUST_NAT = "198.51.100.20"
ELSEWHERE = "192.0.2.44"
# A quarter-hour boundary, so fixed counting windows do not split a test in two.
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

pytestmark = [pytest.mark.django_db, pytest.mark.hazard("HAZ-051")]


def sign_in(username, password=PASSWORD, ip=ATTACKER, client=None):
    client = client or Client()
    response = client.post(
        reverse("accounts:sign_in"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )
    return response


def code_for(user) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enter_code(client, code, ip=ATTACKER):
    return client.post(reverse("accounts:verify"), {"code": code}, REMOTE_ADDR=ip)


def page_text(response) -> str:
    """The visible words of the page's main content, without per-request tokens."""
    html = response.content.decode()
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def spray(accounts, wrong_per_account=4, ip=ATTACKER):
    """Four wrong passwords on each account, then the right one: the status of each right one."""
    outcomes = []
    for user in accounts:
        for n in range(wrong_per_account):
            sign_in(user.username, password=f"Spring202{n}!", ip=ip)
        outcomes.append(sign_in(user.username, ip=ip))
    return outcomes


def test_spraying_six_accounts_from_one_address_is_refused_after_twenty_wrong_passwords(
    hub_a, make_staff
):
    accounts = [make_staff(hub_a, Role.CLINICIAN) for _ in range(6)]
    with time_machine.travel(START, tick=False):
        outcomes = spray(accounts)

    # Four accounts x four wrong = 16; the fifth account's four bring it to 20.
    assert [r.status_code for r in outcomes] == [302, 302, 302, 302, 429, 429]
    refused = outcomes[5]
    text = page_text(refused)
    assert "You cannot sign in at the moment" in text
    assert f"try again after {format_time(START + timedelta(minutes=15))}" in text
    assert accounts[5].username not in text


def test_the_refusal_does_not_say_whether_the_account_exists(hub_a, make_staff):
    accounts = [make_staff(hub_a, Role.CLINICIAN) for _ in range(5)]
    with time_machine.travel(START, tick=False):
        spray(accounts)
        real = sign_in(make_staff(hub_a, Role.CLINICIAN).username)
        unknown = sign_in("no-such-person", password="anything at all")
    assert real.status_code == unknown.status_code == 429
    assert page_text(real) == page_text(unknown)


def test_other_addresses_and_ordinary_mistakes_behind_a_trust_address_are_unaffected(
    hub_a, make_staff
):
    accounts = [make_staff(hub_a, Role.CLINICIAN) for _ in range(6)]
    colleagues = [make_staff(hub_a, Role.CLINICIAN) for _ in range(20)]
    with time_machine.travel(START, tick=False):
        spray(accounts)
        assert sign_in(accounts[5].username, ip=ATTACKER).status_code == 429
        elsewhere = sign_in(accounts[5].username, ip=ELSEWHERE)
        # Nineteen colleagues behind one trust address each mistype once in 15 minutes.
        mistyped = spray(colleagues[:19], wrong_per_account=1, ip=TRUST_NAT)
        last = sign_in(colleagues[19].username, ip=TRUST_NAT)
    assert elsewhere.status_code == 302
    assert elsewhere.url.startswith(reverse("accounts:verify"))
    assert [r.status_code for r in mistyped] == [302] * 19
    assert last.status_code == 302


def test_the_address_lock_ends_after_the_cool_off(hub_a, make_staff):
    accounts = [make_staff(hub_a, Role.CLINICIAN) for _ in range(6)]
    with time_machine.travel(START, tick=False):
        spray(accounts)
    with time_machine.travel(START + timedelta(minutes=14), tick=False):
        assert sign_in(accounts[5].username).status_code == 429
    with time_machine.travel(START + timedelta(minutes=15, seconds=1), tick=False):
        assert sign_in(accounts[5].username).status_code == 302


def test_a_system_administrator_can_lift_an_address_pause_at_once(hub_a, make_staff):
    accounts = [make_staff(hub_a, Role.CLINICIAN) for _ in range(6)]
    with time_machine.travel(START, tick=False):
        spray(accounts)
        assert sign_in(accounts[5].username).status_code == 429
        call_command("axes_reset_ip", ATTACKER, stdout=io.StringIO())
        assert sign_in(accounts[5].username).status_code == 302


def signed_in_with_password(user, ip=ATTACKER) -> Client:
    client = Client()
    assert sign_in(user.username, ip=ip, client=client).status_code == 302
    return client


def test_five_wrong_security_codes_stop_that_account_entering_codes_for_a_while(hub_a, make_staff):
    user = make_staff(hub_a, Role.CLINICIAN)
    with time_machine.travel(START, tick=False):
        client = signed_in_with_password(user)
    for n in range(5):
        # A minute apart: the authenticator's own doubling back-off never applies.
        with time_machine.travel(START + timedelta(minutes=n + 1), tick=False):
            wrong = enter_code(client, "000000")
            assert wrong.status_code == 200
            assert "That security code is not right" in wrong.content.decode()

    with time_machine.travel(START + timedelta(minutes=7), tick=False):
        refused = enter_code(client, code_for(user))
        other_address = enter_code(signed_in_with_password(user, ip=ELSEWHERE), code_for(user))
    assert refused.status_code == 429, "even the right code is refused once the limit is met"
    text = page_text(refused)
    assert "You cannot enter a security code at the moment" in text
    assert f"try again after {format_time(START + timedelta(minutes=15))}" in text
    assert other_address.status_code == 429, "the limit follows the account, not the address"

    with time_machine.travel(START + timedelta(minutes=15, seconds=1), tick=False):
        accepted = enter_code(client, code_for(user))
    assert accepted.status_code == 302


def test_wrong_codes_for_many_accounts_from_one_address_are_limited(hub_a, make_staff):
    """Someone holding several passwords guesses codes for each from one address."""
    accounts = [make_staff(hub_a, Role.CLINICIAN) for _ in range(6)]
    clients = {}
    with time_machine.travel(START, tick=False):
        for user in accounts:
            clients[user.pk] = signed_in_with_password(user)
    for n in range(4):
        with time_machine.travel(START + timedelta(minutes=n + 1), tick=False):
            for user in accounts[:5]:
                assert enter_code(clients[user.pk], "000000").status_code == 200

    with time_machine.travel(START + timedelta(minutes=6), tick=False):
        refused = enter_code(clients[accounts[5].pk], code_for(accounts[5]))
        elsewhere = enter_code(
            signed_in_with_password(accounts[5], ip=ELSEWHERE), code_for(accounts[5]), ELSEWHERE
        )
    assert refused.status_code == 429
    assert "You cannot enter a security code at the moment" in page_text(refused)
    assert elsewhere.status_code == 302, "the same account from another address is unaffected"
