from django.core.management.base import BaseCommand, CommandError

from resiliencehub.audit.services import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's HMAC chain: reports edited, deleted or reordered rows."

    def handle(self, *args, **options):
        checked, problems = verify_chain()
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(
                f"Audit trail FAILED verification: {len(problems)} problem(s) in {checked} rows."
            )
        self.stdout.write(f"Audit trail verified: {checked} rows, chain intact.")
