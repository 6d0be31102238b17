"""Send the follow-up, re-screening and appointment emails that are due (ADR 0037).

    manage.py send_due_contacts                 # as of now
    manage.py send_due_contacts --now 2027-03-01T10:00   # as of a moment (tests, demos)
    manage.py send_due_contacts --schedule      # queue the worker's regular run

Safe to run twice, or at the same time as the worker: nothing is sent twice.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from resiliencehub.followup.sending import run_due
from resiliencehub.followup.tasks import schedule_next


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"--now {text!r} is not a date and time: use ISO 8601, like 2027-03-01T10:00"
        ) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # UK time, as the hub's staff mean it
    return moment


class Command(BaseCommand):
    help = "Plan and send the contacts that are due (follow-up, re-screening, appointments)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Run as of this moment (ISO 8601; UK time if no zone).")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the task worker's run every few minutes, if it is not queued.",
        )

    def handle(self, *args, now=None, schedule=False, **options):
        if schedule:
            queued = schedule_next()
            self.stdout.write("Queued the worker's run." if queued else "Already queued.")
            return
        run = run_due(_moment(now) if now is not None else None)
        self.stdout.write(run.summary())
