"""Emails to a client or a member of the public: one mechanism for every purpose (ADR 0035).

Each email is a task run by the worker (django-tasks), made with `client_email`:

    @client_email(MeasureInvitation, select_related=("hub", "episode__client"))
    def send_measure_link_email(invitation) -> Email | str:
        ...  # who to write to, which template, what it needs; or why nothing is sent

and one template, `email/<name>.txt` (in `records/jinja2/email/`), with a `subject` block
and a `body` block. The mechanism, the same for every email:

- locks the row the email is about (`select_for_update`) and sends nothing if its sent
  column is set, so running the task twice sends once;
- re-checks, at sending time, that the person still agrees to be emailed and has an address
  (`records.selectors.may_email`) whenever the email names a client whose consent it needs;
- renders the subject and the body from the template, as plain text (no HTML escaping),
  with a missing variable an error rather than an empty string;
- records the sending time on the row, then sends, in the same transaction.

Subjects carry only the hub's name and a neutral phrase: an email preview can be seen by
anyone near the screen (HAZ-027). Every subject is in a template in one folder, so they
can be read together (and `records/tests/test_client_email.py` reads them).
"""

import functools
from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db import transaction
from django.template import engines
from django.utils import timezone
from django_tasks import task
from jinja2 import StrictUndefined

from .selectors import may_email

NOT_ALLOWED = "not sent: the client may not be emailed"


@dataclass
class Email:
    """One email to send: to whom, from which template, with what."""

    to: str
    template: str  # under email/, without ".txt"
    context: dict
    # The client whose agreement to email is re-checked just before sending; None for a
    # link the person asked for by typing this address on the page.
    consent_of: object = None
    result: str = "sent"  # what the task returns once it is sent
    # Columns `prepare` changed on the row, saved with the sending time.
    changed: list[str] = field(default_factory=list)


@functools.cache
def _environment():
    # The site's Jinja environment (same loader and globals), for plain text, with a cache
    # of its own so that no page template compiled with HTML escaping is shared with it.
    return engines["jinja2"].env.overlay(
        autoescape=False, undefined=StrictUndefined, cache_size=100
    )


def render(template: str, context: dict) -> tuple[str, str]:
    """The subject and body of `email/<template>.txt`."""
    compiled = _environment().get_template(f"email/{template}.txt")
    blocks = compiled.new_context(dict(context))
    subject = "".join(compiled.blocks["subject"](blocks)).strip()
    body = "".join(compiled.blocks["body"](blocks)).strip("\n")
    if "\n" in subject:
        raise ValueError(f"email/{template}.txt: the subject must be one line")
    return subject, body


def client_email(model, *, select_related=(), sent_field: str = "sent_at", not_allowed=NOT_ALLOWED):
    """Make `prepare(row) -> Email | str` into the task that sends that email for a row of
    `model`. `prepare` runs with the row locked and not yet sent; it returns the Email, or
    a string saying why nothing is sent (the task's result)."""

    def decorate(prepare):
        @functools.wraps(prepare)
        def send(row_id: int) -> str:
            with transaction.atomic():
                row = (
                    model.objects.select_for_update(of=("self",))
                    .select_related(*select_related)
                    .get(pk=row_id)
                )
                if getattr(row, sent_field) is not None:
                    return "already sent"
                email = prepare(row)
                if isinstance(email, str):
                    return email
                if email.consent_of is not None and not may_email(email.consent_of):
                    # The person withdrew consent to email after the task was queued.
                    return not_allowed
                subject, body = render(email.template, email.context)
                setattr(row, sent_field, timezone.now())
                row.save(update_fields=[sent_field, *email.changed])
                send_mail(subject, body, None, [email.to])
            return email.result

        return task()(send)

    return decorate
