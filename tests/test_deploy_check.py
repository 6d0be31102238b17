"""Production settings pass Django's deployment checklist with no warnings (quality.md S6)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="resiliencehub.config.production",
        DJANGO_SECRET_KEY="x" * 30 + "-not-a-real-production-secret-" + "y" * 30,
        DJANGO_ALLOWED_HOSTS="hub.example.nhs.uk",
        FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        AUDIT_HMAC_KEYS="k1:" + "z" * 48,
        LOOKUP_HMAC_KEY="w" * 48,
        SITE_URL="https://hub.example.nhs.uk",
        RESILIENCEHUB_VAR_DIR=str(tmp_path),
    )
    return env


def run_manage(tmp_path, *args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env or production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues(tmp_path):
    result = run_manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    env = production_env(tmp_path)
    del env["AUDIT_HMAC_KEYS"]
    result = run_manage(tmp_path, "check", env=env)
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEYS" in result.stderr


@pytest.mark.hazard("HAZ-045")
@pytest.mark.parametrize("site_url", [None, "", "http://hub.example.nhs.uk"])
def test_production_refuses_to_start_without_its_public_https_address(tmp_path, site_url):
    env = production_env(tmp_path)
    if site_url is None:
        del env["SITE_URL"]
    else:
        env["SITE_URL"] = site_url
    result = run_manage(tmp_path, "check", env=env)
    assert result.returncode != 0
    assert "SITE_URL" in result.stderr


def test_production_has_no_demo_second_factor_and_secure_host_cookies(tmp_path):
    script = (
        "from django.conf import settings as s;"
        "print(s.DEMO_MFA_CODE, 'resiliencehub.nonprod' in s.INSTALLED_APPS,"
        " s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
        " s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    result = run_manage(tmp_path, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "None",
        "False",
        "__Host-session",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "Lax",
        "31536000",
        "False",
    ]
