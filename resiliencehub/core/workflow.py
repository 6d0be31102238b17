"""One way to move a record through its workflow: declare it once, move it with `move`.

A `Workflow` declares a record's states, the moves allowed from each state, the guards a
move must pass and the named audit event each move records (its code, one per action, is
listed in docs/audit-events.md). `Workflow.move` then does, in one transaction:

1. locks the row (``select_for_update``);
2. checks the move is allowed, or raises `TransitionNotAllowed` with the workflow's message;
3. runs the guards declared for that move (a guard refuses by raising `TransitionNotAllowed`);
4. writes the immutable status row (a `core.models.StatusChange` subclass: who, when, why);
5. saves the new status (and any fields the workflow sets with it);
6. runs the caller's `then`, if any (work that belongs to the same move);
7. records ONE audit event: by default `record.changed` about the row, with
   ``detail={"status": [from, to], "event": <code>}``; `Step.audit_as` lets `then` say the
   event is about something the move created instead (the code is added either way).

`Workflow.open` records a new record the same way: its first status row (from no status)
and one `record.created` event with the workflow's `opened` code.

Each declaration lives next to the service functions that move that record; the event
codes are listed, with when each is recorded and what its `detail` holds, in
docs/audit-events.md.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from resiliencehub.audit.models import AuditAction


class TransitionNotAllowed(ValueError):
    """Refused: a record cannot move from its status to the one asked for, or a rule of
    the workflow (a guard) forbids the change. The message is written for staff to read."""


@dataclass(frozen=True)
class Guard:
    """A check a move must pass: `check(step)` raises `TransitionNotAllowed` to refuse.

    `to` names the states whose moves it guards; empty means every move. Guards run in
    the order declared, after the move itself is found allowed. A guard may note what it
    found in `step.options` (the episode's guard puts the checked pathway code there).
    """

    check: Callable[["Step"], None]
    to: frozenset = frozenset()

    def __post_init__(self):
        object.__setattr__(self, "to", frozenset(self.to))

    def applies(self, target) -> bool:
        return not self.to or target in self.to


@dataclass
class Step:
    """One move under way: what the guards, the workflow's hooks and `then` are given."""

    workflow: "Workflow"
    record: Any
    """The locked row."""
    current: Any
    """Its status before the move."""
    target: Any
    auditor: Any
    reason: str
    options: dict
    """The extra keyword arguments given to `move`."""
    at: datetime | None = None
    """When the move happens: the status row's time, and the time of any field set with it."""
    change: Any = None
    """The status row written."""
    result: Any = None
    """What `then` returned."""
    audit_event: Any = None
    """The one audit row recorded."""
    _audit: dict = field(default_factory=dict)

    @property
    def event(self) -> str:
        return self.workflow.events[self.target]

    def audit_as(self, action=None, *, obj=None, detail: dict | None = None) -> None:
        """Record the move's audit event as `action` about `obj` with `detail` instead of
        `record.changed` about the row with the status pair; the event code is added."""
        if action is not None:
            self._audit["action"] = action
        if obj is not None:
            self._audit["obj"] = obj
        if detail is not None:
            self._audit["detail"] = detail


class Workflow:
    """The declaration of one workflow. See the module docstring for what `move` does.

    - `name`: the prefix of its event codes (``"referral"`` → ``referral.accepted``).
    - `model`, `states`: the model whose `status_field` moves, and its TextChoices.
    - `moves`: for each state, the states it may move to.
    - `allowed_when`: further moves, each allowed only when its test of the locked row
      passes, e.g. ``{(ACKNOWLEDGED, CLOSED): lambda alert: not alert.can_be_contacted}``.
    - `events`: the audit event code recorded by a move into each state.
    - `opened`: the code of the event that records the record's creation (written by the
      service that creates it, which also writes its first status row).
    - `refusal(current, target)`: the message of a move that is not allowed.
    - `guards`: `Guard`s, run in order for the moves they name.
    - `status_rows`, `row_link`: the `StatusChange` subclass and its foreign key to the
      record; `row_fields(step)` adds fields of its own (the episode's pathway step).
    - `updates(step)`: fields saved together with the new status.
    - `subject(record)`: the audit row's subject (``"client:<id>"``).
    - `lock_on`: the attributes of the given record that find the row to lock.
    """

    def __init__(
        self,
        name: str,
        *,
        model,
        states,
        moves: Mapping[Any, Iterable],
        events: Mapping[Any, str],
        opened: str = "",
        refusal: Callable[[Any, Any], str],
        subject: Callable[[Any], str],
        status_rows=None,
        row_link: str = "",
        row_fields: Callable[[Step], dict] | None = None,
        allowed_when: Mapping[tuple, Callable[[Any], bool]] | None = None,
        guards: Iterable[Guard] = (),
        updates: Callable[[Step], dict] | None = None,
        lock_on: tuple[str, ...] = ("pk", "hub_id"),
        status_field: str = "status",
    ):
        self.name = name
        self.model = model
        self.states = states
        self.moves = {
            states(source): frozenset(map(states, targets)) for source, targets in moves.items()
        }
        self.allowed_when = {
            (states(source), states(target)): test
            for (source, target), test in (allowed_when or {}).items()
        }
        self.events = {states(state): code for state, code in events.items()}
        self.opened = opened
        self.refusal = refusal
        self.subject = subject
        self.status_rows = status_rows
        self.row_link = row_link
        self.row_fields = row_fields
        self.guards = tuple(guards)
        self.updates = updates
        self.lock_on = lock_on
        self.status_field = status_field
        self._check_declaration()

    def _check_declaration(self) -> None:
        reachable = {t for targets in self.moves.values() for t in targets}
        reachable |= {target for _, target in self.allowed_when}
        missing = sorted(str(state) for state in reachable - set(self.events))
        if missing:
            raise ValueError(f"Workflow {self.name!r} names no audit event for: {missing}.")
        codes = [*self.events.values(), *([self.opened] if self.opened else [])]
        misnamed = sorted(c for c in codes if not c.startswith(f"{self.name}."))
        if misnamed:
            raise ValueError(f"Workflow {self.name!r} events must start {self.name!r}: {misnamed}.")
        if self.status_rows is None or not self.row_link:
            raise ValueError(f"Workflow {self.name!r} needs status_rows and row_link.")

    @property
    def codes(self) -> list[str]:
        """Every audit event code this workflow records."""
        return sorted({*self.events.values(), *([self.opened] if self.opened else [])})

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    def allows(self, current, target, record=None) -> bool:
        """Whether `current` → `target` is a declared move (for a conditional move, only
        with the `record` whose test it passes)."""
        current, target = self.states(current), self.states(target)
        if target in self.moves.get(current, ()):
            return True
        test = self.allowed_when.get((current, target))
        return test is not None and record is not None and bool(test(record))

    def move(
        self,
        record,
        to,
        *,
        auditor,
        reason: str = "",
        then: Callable[[Step], Any] | None = None,
        at: datetime | None = None,
        **options,
    ) -> Step:
        """Move `record` to `to` (see the module docstring); returns the finished `Step`.

        The fields saved are copied onto `record` too. Nothing is written if the move is
        refused: the transaction is rolled back with the refusal. `at` is when the move
        happens (a scheduled job running "as of" a moment); by default, now.
        """
        target = self.states(to)
        with transaction.atomic():
            locked = self.model.objects.select_for_update().get(
                **{name: getattr(record, name) for name in self.lock_on}
            )
            current = self.states(getattr(locked, self.status_field))
            step = Step(self, locked, current, target, auditor, reason, dict(options))
            if not self.allows(current, target, locked):
                raise TransitionNotAllowed(self.refusal(current, target))
            for guard in self.guards:
                if guard.applies(target):
                    guard.check(step)
            step.at = at or timezone.now()
            step.change = self._write_row(step)
            fields = {self.status_field: target, **(self.updates(step) if self.updates else {})}
            for name, value in fields.items():
                setattr(locked, name, value)
            locked.save(update_fields=list(fields))
            if then is not None:
                step.result = then(step)
            step.audit_event = self._record(step)
            if record is not locked:
                for name in fields:
                    setattr(record, name, getattr(locked, name))
        return step

    def first_row(self, record, *, auditor, at: datetime | None = None, reason: str = ""):
        """Write a new record's first status row: from no status to the one it was
        created with."""
        return self.status_rows.record(
            auditor,
            at=at,
            reason=reason,
            **{self.row_link: record},
            from_status="",
            to_status=getattr(record, self.status_field),
        )

    def open(
        self,
        record,
        *,
        auditor,
        at: datetime | None = None,
        reason: str = "",
        detail: dict | None = None,
    ):
        """Record a record's creation, in the caller's transaction: its first status row
        and ONE audit event, `record.created` about it with the workflow's `opened` code
        (and `detail`). Returns the status row."""
        if not self.opened:
            raise ValueError(f"Workflow {self.name!r} declares no opening event.")
        with transaction.atomic(savepoint=False):
            row = self.first_row(record, auditor=auditor, at=at, reason=reason)
            auditor.record(
                AuditAction.RECORD_CREATED,
                obj=record,
                hub=record.hub_id,
                subject_ref=self.subject(record),
                detail={**(detail or {}), "event": self.opened},
            )
        return row

    def _write_row(self, step: Step):
        return self.status_rows.record(
            step.auditor,
            at=step.at,
            reason=step.reason,
            **{self.row_link: step.record},
            from_status=step.current,
            to_status=step.target,
            **(self.row_fields(step) if self.row_fields else {}),
        )

    def _record(self, step: Step):
        audit = step._audit
        detail = audit.get("detail", {"status": [step.current.value, step.target.value]})
        return step.auditor.record(
            audit.get("action", AuditAction.RECORD_CHANGED),
            obj=audit.get("obj", step.record),
            hub=step.record.hub_id,
            subject_ref=self.subject(step.record),
            detail={**detail, "event": step.event},
        )
