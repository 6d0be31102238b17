"""docs/audit-events.md lists every audit event code a workflow declares, and no other."""

import re
from pathlib import Path

from resiliencehub.core.workflow import Workflow
from resiliencehub.episodes import services as episodes
from resiliencehub.records import alerts, contacts, referrals
from resiliencehub.triage import services as triage

DOC = Path(__file__).resolve().parent.parent / "docs" / "audit-events.md"
WORKFLOWS = list(
    {
        id(value): value
        for module in (referrals, alerts, contacts, triage, episodes)
        for value in vars(module).values()
        if isinstance(value, Workflow)
    }.values()
)
"""Each declaration once, though a module that moves another's record imports it."""


def documented_codes() -> list[str]:
    """The code in the first cell of each table row."""
    return re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", DOC.read_text(), flags=re.MULTILINE)


def test_every_declared_code_is_documented_once_and_nothing_else_is():
    declared = sorted(code for workflow in WORKFLOWS for code in workflow.codes)
    documented = documented_codes()
    assert len(documented) == len(set(documented)), "a code is documented twice"
    assert sorted(documented) == declared


def test_no_two_workflows_share_a_code():
    codes = [code for workflow in WORKFLOWS for code in workflow.codes]
    assert len(codes) == len(set(codes))


def test_each_workflow_has_its_section():
    text = DOC.read_text()
    for workflow in WORKFLOWS:
        assert f"`{workflow.name}." in text
