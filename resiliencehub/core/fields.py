"""Model fields whose values are encrypted at rest (core/crypto.py)."""

import json

from django.db import models

from . import crypto


class Sealed(str):
    """A value already encrypted for an encrypted field (`seal_text`, `seal_json`): the
    field stores it as it is. A write can so do its encrypting before its transaction
    takes the database's write lock (ADR 0036)."""


def seal_text(value: str) -> str:
    """`value` as `EncryptedTextField` stores it ("" stays "")."""
    return Sealed(crypto.encrypt(str(value))) if value not in (None, "") else value


def seal_json(value):
    """`value` as `EncryptedJSONField` stores it (None stays None)."""
    if value is None:
        return None
    return Sealed(crypto.encrypt(json.dumps(value, sort_keys=True, default=str)))


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. Cannot be filtered on except for emptiness."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return str(value)
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull", "exact"):
            return None
        return super().get_lookup(lookup_name)


class EncryptedJSONField(models.TextField):
    """JSON (dicts, lists, numbers, strings) stored as a Fernet token."""

    description = "JSON encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return json.loads(crypto.decrypt(value))

    def to_python(self, value):
        if isinstance(value, str) and value and value[0] in "[{":
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value):
        if isinstance(value, Sealed):
            return str(value)
        if value is None:
            return None
        return crypto.encrypt(json.dumps(value, sort_keys=True, default=str))

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj), default=str)

    def get_lookup(self, lookup_name):
        return super().get_lookup(lookup_name) if lookup_name == "isnull" else None


def encrypted_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField | EncryptedJSONField)
    ]
