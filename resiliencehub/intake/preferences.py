"""A person's choice of how much the hub writes to them, made from a link in any email
(ADR 0037): pause follow-up until a date, stop follow-up, stop every contact, or start
again. The link is not stored: its token is the client and hub encrypted with the
server's field key (Fernet: authenticated, so it cannot be forged or altered, and opaque,
so it gives away no record number); it works for two years and the page shows nothing
about the person, so whoever holds the email may use it."""

from datetime import date

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.urls import reverse

from resiliencehub.audit.services import Auditor
from resiliencehub.core.crypto import fernet
from resiliencehub.nhsuk_forms.formatting import format_date
from resiliencehub.records.contacts import Stop, contact_pause, contact_resume, contact_stop
from resiliencehub.records.models import Client

PURPOSE = "contact-preferences"
MAX_AGE = 2 * 365 * 24 * 3600
PAUSE_MONTHS = {"pause-1": 1, "pause-3": 3, "pause-6": 6}


def preferences_token(client: Client) -> str:
    return fernet().encrypt(f"{PURPOSE}:{client.pk}:{client.hub_id}".encode()).decode()


def preferences_url(client: Client, hub) -> str:
    path = reverse(
        "intake:contact_preferences",
        kwargs={"slug": hub.slug, "token": preferences_token(client)},
    )
    return f"{settings.SITE_URL}{path}"


def client_for_token(hub, token: str) -> Client | None:
    if not token or len(token) > 300:
        return None
    try:
        plain = fernet().decrypt(token.encode(), ttl=MAX_AGE).decode()
        purpose, client_id, hub_id = plain.split(":")
        client_id, hub_id = int(client_id), int(hub_id)
    except (InvalidToken, ValueError, UnicodeError):
        return None
    if purpose != PURPOSE or hub_id != hub.pk:
        return None
    return Client.objects.filter(pk=client_id, hub=hub).first()


def months_after(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def describe(client: Client, today: date) -> str:
    """The person's current choice, in words."""
    if client.contact_stopped_at:
        return "You have asked us not to contact you again."
    if client.follow_up_stopped_at:
        return "You have stopped our follow-up emails."
    if client.contact_paused_until and client.contact_paused_until > today:
        return f"Our follow-up emails are paused until {format_date(client.contact_paused_until)}."
    return ""


def apply(client: Client, choice: dict, *, auditor: Auditor) -> str:
    """Make the person's choice; returns what was done, in words for the page."""
    what = choice["choice"]
    if what in PAUSE_MONTHS:
        until = months_after(choice["today"], PAUSE_MONTHS[what])
        contact_pause(client, until, auditor=auditor)
        return f"We will not send you follow-up emails before {format_date(until)}."
    if what == "stop-follow-up":
        contact_stop(client, Stop.FOLLOW_UP, auditor=auditor)
        return (
            "We will not send you any more follow-up emails. If you have an appointment with "
            "us, we will still remind you of it."
        )
    if what == "stop-all":
        contact_stop(client, Stop.ALL, auditor=auditor)
        return "We will not contact you by email again."
    contact_resume(client, auditor=auditor)
    return "We may send you follow-up emails again."
