from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resiliencehub.audit.services import Auditor
from resiliencehub.hub.config_file import HubFileError, hub_config_load


class Command(BaseCommand):
    help = "Create or replace hubs from versioned TOML configuration files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        auditor = Auditor.system("load_hub_config")
        for path in files:
            try:
                hub = hub_config_load(path, auditor)
            except (HubFileError, OSError) as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Loaded {hub.slug} ({hub.name}), version {hub.config_version}.")
