from django.core.management.base import BaseCommand

from resiliencehub.audit.services import Auditor
from resiliencehub.intake.retention import STALE_JOURNEY_DAYS, purge_stale_data


class Command(BaseCommand):
    help = (
        f"Delete anonymous journeys abandoned for {STALE_JOURNEY_DAYS} days (never submitted, "
        "no risk alert) and expired rate-limit counters. Run daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        purged = purge_stale_data(auditor=Auditor.system("purge_stale_data"))
        self.stdout.write(
            f"Deleted {purged.journeys} abandoned journeys ({purged.answers} answers, "
            f"{purged.responses} scored questionnaires, {purged.links} links) and "
            f"{purged.counters} rate-limit counters."
        )
