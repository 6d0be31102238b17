"""The workflow primitive on a real record: a referral moved by a workflow declared here,
so that what `move` does is tested apart from any one workflow's rules."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from resiliencehub.accounts.roles import Role
from resiliencehub.audit.models import AuditAction, AuditEvent
from resiliencehub.core.workflow import Guard, TransitionNotAllowed, Workflow
from resiliencehub.episodes.tests.factories import auditor_for, make_referral
from resiliencehub.records.models import Referral, ReferralStatus, ReferralStatusChange

pytestmark = pytest.mark.django_db

R = ReferralStatus


def _not_anonymous(step):
    if not step.reason:
        raise TransitionNotAllowed("Say why the referral is declined.")


def _record_the_guard_ran(step):
    step.options["seen_by_guard"] = True


WORKFLOW = Workflow(
    "referral",
    model=Referral,
    states=R,
    moves={R.SUBMITTED: {R.ACCEPTED, R.DECLINED}, R.ACCEPTED: set(), R.DECLINED: set()},
    allowed_when={(R.ACCEPTED, R.WITHDRAWN): lambda referral: not referral.has_risk},
    events={
        R.ACCEPTED: "referral.accepted",
        R.DECLINED: "referral.declined",
        R.WITHDRAWN: "referral.withdrawn",
    },
    refusal=lambda current, target: (
        f"A referral that is '{current.label}' cannot become '{target.label}'."
    ),
    subject=lambda referral: f"client:{referral.client_id}",
    status_rows=ReferralStatusChange,
    row_link="referral",
    guards=[Guard(_not_anonymous, to={R.DECLINED}), Guard(_record_the_guard_ran)],
)


@pytest.fixture
def who(hub_a, make_staff):
    return auditor_for(make_staff(hub_a, Role.CLINICIAN))


@pytest.fixture
def referral(hub_a):
    return make_referral(hub_a)


def new_audit_rows(before):
    return list(AuditEvent.objects.order_by("sequence")[before:])


def test_an_allowed_move_saves_the_status_and_writes_the_row(referral, who):
    step = WORKFLOW.move(referral, R.ACCEPTED, auditor=who, reason="Fits the hub")
    assert Referral.objects.get(pk=referral.pk).status == R.ACCEPTED
    assert referral.status == R.ACCEPTED, "the caller's instance is kept up to date"
    row = ReferralStatusChange.objects.filter(referral=referral).latest("id")
    assert row == step.change
    assert (row.from_status, row.to_status) == (R.SUBMITTED, R.ACCEPTED)
    assert row.changed_by == who.actor
    assert row.actor_label == who.actor_label
    assert row.reason == "Fits the hub"
    assert row.changed_at == step.at


def test_a_move_records_exactly_one_named_audit_event(referral, who):
    before = AuditEvent.objects.count()
    step = WORKFLOW.move(referral, R.ACCEPTED, auditor=who, reason="Fits the hub")
    [event] = new_audit_rows(before)
    assert event == step.audit_event
    assert event.action == AuditAction.RECORD_CHANGED
    assert (event.object_type, event.object_id) == ("records.referral", str(referral.pk))
    assert event.hub_id == referral.hub_id
    assert event.subject_ref == f"client:{referral.client_id}"
    assert event.actor_label == who.actor_label
    assert event.detail == {"status": ["submitted", "accepted"], "event": "referral.accepted"}


def test_a_refused_move_says_why_and_writes_nothing(referral, who):
    WORKFLOW.move(referral, R.ACCEPTED, auditor=who)
    rows, before = ReferralStatusChange.objects.count(), AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed) as refusal:
        WORKFLOW.move(referral, R.DECLINED, auditor=who, reason="Too late")
    assert str(refusal.value) == "A referral that is 'Accepted' cannot become 'Declined'."
    assert Referral.objects.get(pk=referral.pk).status == R.ACCEPTED
    assert ReferralStatusChange.objects.count() == rows
    assert AuditEvent.objects.count() == before


def test_a_guard_refuses_its_move_and_nothing_is_written(referral, who):
    rows, before = ReferralStatusChange.objects.count(), AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed, match="^Say why the referral is declined.$"):
        WORKFLOW.move(referral, R.DECLINED, auditor=who)
    assert Referral.objects.get(pk=referral.pk).status == R.SUBMITTED
    assert ReferralStatusChange.objects.count() == rows
    assert AuditEvent.objects.count() == before
    # The same guard does not stand in the way of a move it does not guard.
    step = WORKFLOW.move(referral, R.ACCEPTED, auditor=who)
    assert step.options == {"seen_by_guard": True}, "a guard for every move ran"


def test_a_conditional_move_is_allowed_only_when_its_test_passes(hub_a, who):
    calm = make_referral(hub_a)
    WORKFLOW.move(calm, R.ACCEPTED, auditor=who)
    WORKFLOW.move(calm, R.WITHDRAWN, auditor=who)
    assert Referral.objects.get(pk=calm.pk).status == R.WITHDRAWN
    risky = make_referral(hub_a, has_risk=True)
    WORKFLOW.move(risky, R.ACCEPTED, auditor=who)
    with pytest.raises(
        TransitionNotAllowed, match="'Accepted' cannot become 'Withdrawn by the client'"
    ):
        WORKFLOW.move(risky, R.WITHDRAWN, auditor=who)


def test_the_row_is_locked_before_it_is_read(referral, who):
    with (
        mock.patch.object(
            QuerySet, "select_for_update", autospec=True, side_effect=QuerySet.select_for_update
        ) as lock,
        CaptureQueriesContext(connection) as queries,
    ):
        WORKFLOW.move(referral, R.ACCEPTED, auditor=who)
    [(locked_query, *_)] = [call.args for call in lock.call_args_list]
    assert locked_query.model is Referral
    if connection.features.has_select_for_update:
        reads = [
            q["sql"]
            for q in queries
            if q["sql"].startswith("SELECT") and "intake_referral" in q["sql"]
        ]
        assert "FOR UPDATE" in reads[0]


def test_then_runs_in_the_same_transaction_and_may_name_the_audit_event(referral, who):
    before = AuditEvent.objects.count()

    def then(step):
        step.audit_as(AuditAction.RECORD_CREATED, obj=step.record.client, detail={"why": 1})
        return "done"

    step = WORKFLOW.move(referral, R.ACCEPTED, auditor=who, then=then)
    assert step.result == "done"
    [event] = new_audit_rows(before)
    assert event.action == AuditAction.RECORD_CREATED
    assert event.object_type == "records.client"
    assert event.detail == {"why": 1, "event": "referral.accepted"}

    other = make_referral(referral.hub)
    rows, before = ReferralStatusChange.objects.count(), AuditEvent.objects.count()

    def fails(step):
        raise TransitionNotAllowed("Something after the move refused.")

    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.move(other, R.ACCEPTED, auditor=who, then=fails)
    assert Referral.objects.get(pk=other.pk).status == R.SUBMITTED
    assert ReferralStatusChange.objects.count() == rows
    assert AuditEvent.objects.count() == before


def test_a_declaration_names_an_event_for_every_move():
    with pytest.raises(ValueError, match="no audit event for"):
        Workflow(
            "referral",
            model=Referral,
            states=R,
            moves={R.SUBMITTED: {R.ACCEPTED, R.DECLINED}},
            events={R.ACCEPTED: "referral.accepted"},
            refusal=lambda current, target: "",
            subject=str,
            status_rows=ReferralStatusChange,
            row_link="referral",
        )
    with pytest.raises(ValueError, match="must start 'referral'"):
        Workflow(
            "referral",
            model=Referral,
            states=R,
            moves={R.SUBMITTED: {R.ACCEPTED}},
            events={R.ACCEPTED: "accepted"},
            refusal=lambda current, target: "",
            subject=str,
            status_rows=ReferralStatusChange,
            row_link="referral",
        )
    with pytest.raises(ValueError, match="must start 'referral'"):
        Workflow(
            "referral",
            model=Referral,
            states=R,
            moves={R.SUBMITTED: {R.ACCEPTED}},
            events={R.ACCEPTED: "referral.accepted"},
            opened="submitted",
            refusal=lambda current, target: "",
            subject=str,
            status_rows=ReferralStatusChange,
            row_link="referral",
        )


def test_a_workflow_lists_its_codes():
    assert WORKFLOW.codes == ["referral.accepted", "referral.declined", "referral.withdrawn"]


OPENING = Workflow(
    "referral",
    model=Referral,
    states=R,
    moves={R.SUBMITTED: {R.ACCEPTED}},
    opened="referral.submitted",
    events={R.ACCEPTED: "referral.accepted"},
    refusal=lambda current, target: "Not allowed.",
    subject=lambda referral: f"client:{referral.client_id}",
    status_rows=ReferralStatusChange,
    row_link="referral",
)


def test_open_writes_the_first_status_row_and_one_named_creation_event(hub_a, who):
    referral = make_referral(hub_a)
    ReferralStatusChange.objects.filter(referral=referral).delete()
    before = AuditEvent.objects.count()
    row = OPENING.open(referral, auditor=who, reason="Referred by the public journey")
    assert (row.from_status, row.to_status) == ("", R.SUBMITTED)
    assert row.reason == "Referred by the public journey" and row.changed_by == who.actor
    assert list(ReferralStatusChange.objects.filter(referral=referral)) == [row]
    (event,) = new_audit_rows(before)
    assert event.action == AuditAction.RECORD_CREATED
    assert (event.object_type, event.object_id) == ("records.referral", str(referral.pk))
    assert event.detail == {"event": "referral.submitted"}
    assert event.subject_ref == f"client:{referral.client_id}"


def test_open_is_refused_by_a_workflow_that_declares_no_opening(referral, who):
    with pytest.raises(ValueError, match="declares no opening event"):
        WORKFLOW.open(referral, auditor=who)
