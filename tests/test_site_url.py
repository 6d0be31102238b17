"""Emailed links point at the address the demo server answers on, whatever its PORT, unless
SITE_URL says otherwise (HAZ-045). Production must be told its address
(tests/test_deploy_check.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT_SITE_URL = "from django.conf import settings; print(settings.SITE_URL)"


def site_url_with(tmp_path, **variables) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PORT", "SITE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(RESILIENCEHUB_VAR_DIR=str(tmp_path), **variables)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PRINT_SITE_URL],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.hazard("HAZ-045")
def test_links_follow_the_port_the_demo_server_runs_on(tmp_path):
    assert site_url_with(tmp_path) == "http://127.0.0.1:8000"
    assert site_url_with(tmp_path, PORT="8100") == "http://127.0.0.1:8100"


def test_a_site_url_that_is_set_is_used_as_given(tmp_path):
    assert (
        site_url_with(tmp_path, PORT="8100", SITE_URL="https://hub.example.org/")
        == "https://hub.example.org"
    )
