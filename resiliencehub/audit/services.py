"""The only writer of the audit trail.

Every service-layer write and every read of a clinical record calls `Auditor.record`
inside the same transaction as the work it describes: if the audit row cannot be
written, the work is rolled back and the request fails (fail closed, quality.md S4).
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditAction, AuditEvent

GENESIS_MAC = "0" * 64
# Any fixed number: PostgreSQL serialises chain appends on this advisory lock, so two
# concurrent transactions cannot both link to the same previous row.
_CHAIN_LOCK = 7_326_201


def hmac_keys() -> dict[str, bytes]:
    """The configured MAC keys by id; the first configured key signs new rows."""
    keys = {}
    for entry in settings.AUDIT_HMAC_KEYS:
        key_id, _, secret = entry.partition(":")
        if not key_id or not secret:
            raise ValueError("Each AUDIT_HMAC_KEYS entry must look like 'id:secret'.")
        keys[key_id] = secret.encode()
    return keys


def current_key_id() -> str:
    return settings.AUDIT_HMAC_KEYS[0].partition(":")[0]


def canonical_content(event: AuditEvent) -> bytes:
    """The bytes a row's MAC covers: every field but the MAC itself, in a fixed form."""
    occurred = event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds")
    body = [
        event.sequence,
        occurred,
        event.actor_label,
        event.action,
        event.object_type,
        event.object_id,
        event.hub_id,
        event.subject_ref,
        event.ip_address,
        event.request_id,
        event.detail,
        event.key_id,
        event.previous_mac,
    ]
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def compute_mac(event: AuditEvent, key: bytes) -> str:
    return hmac.new(key, canonical_content(event), hashlib.sha256).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite transactions here begin IMMEDIATE, which already holds the write lock.


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


@dataclass(frozen=True)
class Auditor:
    """Who is acting: a signed-in person, or a named system job — never anonymous."""

    actor: Any = None
    actor_label: str = ""
    ip_address: str | None = None
    request_id: str = ""

    @classmethod
    def for_request(cls, request, user=None) -> "Auditor":
        user = user if user is not None else getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            label, actor = f"user:{user.pk}", user
        else:
            # A client using the public journey acts without an account; the journey
            # itself is the named actor.
            label, actor = "system:public-journey", None
        return cls(
            actor=actor,
            actor_label=label,
            ip_address=_client_ip(request),
            request_id=getattr(request, "request_id", ""),
        )

    @classmethod
    def system(cls, job: str) -> "Auditor":
        if not job:
            raise ValueError("A system job must be named.")
        return cls(actor_label=f"system:{job}")

    def record(
        self,
        action: AuditAction | str,
        *,
        obj: Any = None,
        object_type: str = "",
        object_id: str | int = "",
        hub: Any = None,
        subject_ref: str = "",
        detail: dict | None = None,
    ) -> AuditEvent:
        if not self.actor_label:
            raise ValueError("Audit events need an actor.")
        if obj is not None:
            object_type = object_type or obj._meta.label_lower
            object_id = object_id or obj.pk
        keys = hmac_keys()
        key_id = current_key_id()
        # Joins the caller's transaction (no savepoint): an event must never outlive, or
        # be rolled back apart from, the change it records.
        with transaction.atomic(savepoint=False):
            _lock_chain()
            last = AuditEvent.objects.order_by("-sequence").values("sequence", "mac").first()
            event = AuditEvent(
                sequence=(last["sequence"] + 1) if last else 1,
                occurred_at=timezone.now(),
                actor=self.actor,
                actor_label=self.actor_label,
                action=str(action),
                object_type=object_type,
                object_id=str(object_id) if object_id != "" else "",
                hub_id=getattr(hub, "pk", hub),
                subject_ref=subject_ref,
                ip_address=self.ip_address,
                request_id=self.request_id,
                detail=detail or {},
                key_id=key_id,
                previous_mac=last["mac"] if last else GENESIS_MAC,
            )
            event.mac = compute_mac(event, keys[key_id])
            event.save(force_insert=True)
        return event


def client_subject(client) -> str:
    """The `subject_ref` of an event about a client: ``"client:<id>"`` for a client or
    its id, ``""`` for none (an anonymous person)."""
    client_id = getattr(client, "pk", client)
    return f"client:{client_id}" if client_id else ""


@dataclass(frozen=True)
class ChainProblem:
    sequence: int | None
    problem: str

    def __str__(self) -> str:
        where = f"row {self.sequence}" if self.sequence is not None else "chain"
        return f"{where}: {self.problem}"


def verify_chain() -> tuple[int, list[ChainProblem]]:
    """Check every row's MAC and link; returns (rows checked, problems found)."""
    keys = hmac_keys()
    problems: list[ChainProblem] = []
    expected_sequence = 1
    previous_mac = GENESIS_MAC
    checked = 0
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=2000):
        checked += 1
        if event.sequence != expected_sequence:
            problems.append(
                ChainProblem(
                    event.sequence,
                    f"expected sequence {expected_sequence}: rows are missing or reordered",
                )
            )
        if event.previous_mac != previous_mac:
            problems.append(ChainProblem(event.sequence, "does not link to the row before it"))
        key = keys.get(event.key_id)
        if key is None:
            problems.append(ChainProblem(event.sequence, f"unknown key id {event.key_id!r}"))
        elif not hmac.compare_digest(compute_mac(event, key), event.mac):
            problems.append(ChainProblem(event.sequence, "content does not match its MAC"))
        expected_sequence = event.sequence + 1
        previous_mac = event.mac
    return checked, problems
