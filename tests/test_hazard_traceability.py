"""Every hazard in the clinical safety log has a test, and every test names a real hazard.

DCB0129 asks for verification evidence per hazard (quality.md S14).
"""

import re
from pathlib import Path

import pytest

HAZARD_LOG = Path(__file__).resolve().parent.parent / "docs" / "clinical-safety" / "hazard-log.md"


def logged_hazards() -> set[str]:
    return set(re.findall(r"^\| (HAZ-\d{3}) \|", HAZARD_LOG.read_text(), flags=re.MULTILINE))


def test_the_hazard_log_lists_hazards():
    assert len(logged_hazards()) >= 10


def test_every_hazard_has_a_test_and_every_test_a_known_hazard(request):
    linked: dict[str, list[str]] = {}
    for item in request.session.items:
        for marker in item.iter_markers("hazard"):
            linked.setdefault(marker.args[0], []).append(item.nodeid)
    if len(request.session.items) < 50:
        pytest.skip("only meaningful when the whole suite is collected")
    hazards = logged_hazards()
    unknown = sorted(set(linked) - hazards)
    untested = sorted(hazards - set(linked))
    assert unknown == [], f"tests name hazards not in the log: {unknown}"
    assert untested == [], f"hazards with no linked test: {untested}"
