from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.core import crypto
from resiliencehub.core.fields import encrypted_fields

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value under the newest key in FIELD_ENCRYPTION_KEYS. "
        "Run after putting a new key first; remove the old key only after this finishes."
    )

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            fields = encrypted_fields(model)
            if not fields:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            pk = connection.ops.quote_name(model._meta.pk.column)
            for field in fields:
                column = connection.ops.quote_name(field.column)
                total += self._rotate_column(table, pk, column)
        with transaction.atomic():
            Auditor.system("rotate_encryption_keys").record(
                AuditAction.KEYS_ROTATED, detail={"values": total}
            )
        self.stdout.write(f"Re-encrypted {total} values under the newest key.")

    def _rotate_column(self, table: str, pk: str, column: str) -> int:
        # Raw SQL on purpose: tokens are rotated without ever decrypting into models,
        # so no save() side effects run and nothing else changes.
        done = 0
        last = None
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                where = f"WHERE {pk} > %s " if last is not None else ""
                # Identifiers come from model metadata, quoted; values are parameters.
                cursor.execute(
                    f"SELECT {pk}, {column} FROM {table} {where}ORDER BY {pk} LIMIT {BATCH}",  # noqa: S608
                    [last] if last is not None else [],
                )
                rows = cursor.fetchall()
                if not rows:
                    return done
                for key, token in rows:
                    if token:
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                            [crypto.rotate(token), key],
                        )
                        done += 1
                last = rows[-1][0]
