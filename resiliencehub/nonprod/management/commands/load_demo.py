from django.conf import settings
from django.core.management.base import BaseCommand

from resiliencehub.nonprod.demo import DEMO_PASSWORD, demo_sign_ins, load_demo_hubs


class Command(BaseCommand):
    help = "Load the demo hubs (Sites A-D) and one demo account per role per hub."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Print the demo sign-ins.")
        parser.add_argument(
            "--list-only", action="store_true", help="Print the demo sign-ins; load nothing."
        )

    def handle(self, *args, **options):
        if not options["list_only"]:
            hubs = load_demo_hubs()
            self.stdout.write(f"Loaded {len(hubs)} demo hubs: {', '.join(h.slug for h in hubs)}.")
        if options["list"] or options["list_only"]:
            self.stdout.write(
                f"Demo sign-ins (password '{DEMO_PASSWORD}', security code "
                f"{settings.DEMO_MFA_CODE}):"
            )
            for username, what in demo_sign_ins():
                self.stdout.write(f"  {username:<34} {what}")
