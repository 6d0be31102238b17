"""Versioned definitions (hazard HAZ-009) and the package's independence from Django."""

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from resiliencehub.instruments import Registry, get_instrument, score
from resiliencehub.instruments.definitions import ALL
from resiliencehub.instruments.model import Band

PACKAGE = Path(__file__).resolve().parents[1]


@pytest.mark.hazard("HAZ-009")
def test_a_result_records_the_definition_version_that_produced_it():
    result = score("PHQ-9", {9: 1})

    assert (result.instrument, result.version) == ("PHQ-9", get_instrument("PHQ-9").version)
    assert result.as_json()["version"] == result.version


@pytest.mark.hazard("HAZ-009")
def test_scoring_with_an_old_version_uses_the_old_rules():
    old = get_instrument("GAD-7")
    changed = dataclasses.replace(
        old,
        version="2.0.0",
        scoring=dataclasses.replace(old.scoring, bands=(Band(0, "lower"), Band(8, "higher"))),
    )
    registry = Registry([old, changed])
    nine = dict.fromkeys(range(1, 8), 1) | {1: 3}

    assert score("GAD-7", nine, registry=registry).band == "higher"
    assert score("GAD-7", nine, version=old.version, registry=registry).band == "mild"
    assert registry.versions("gad-7") == (old.version, "2.0.0")


@pytest.mark.hazard("HAZ-009")
def test_a_registered_version_cannot_be_replaced_with_different_content():
    old = get_instrument("PHQ-9")
    edited = dataclasses.replace(old, title="Edited in place")
    registry = Registry([old])

    with pytest.raises(ValueError, match="give the changed definition a new version"):
        registry.register(edited)
    registry.register(old)


@pytest.mark.hazard("HAZ-009")
def test_the_latest_version_is_chosen_by_number_not_by_text():
    old = get_instrument("FFT")
    registry = Registry(
        [dataclasses.replace(old, version="1.10.0"), dataclasses.replace(old, version="1.9.0")]
    )

    assert registry.get("FFT").version == "1.10.0"


@pytest.mark.hazard("HAZ-009")
def test_every_built_in_definition_has_a_distinct_id_and_a_version():
    keys = [definition.key for definition in ALL]

    assert len({definition.id.casefold() for definition in ALL}) == len(ALL)
    assert all(version for _, version in keys)


def test_no_module_in_the_package_imports_django():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] == "django"
            ]

    assert offenders == []


def test_importing_the_package_and_scoring_loads_no_django_module():
    code = (
        "import sys; from resiliencehub.instruments import score; from resiliencehub.instruments "
        "import fhir, cli; score('PHQ-9', {9: 1}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )

    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parents[1],
    )

    assert completed.stdout.strip() == "[]"
