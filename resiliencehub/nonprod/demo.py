"""The demo hubs (Sites A–D) and one demo account per role per hub."""

from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from resiliencehub.accounts.models import Membership, User
from resiliencehub.accounts.roles import Role
from resiliencehub.audit.services import Auditor
from resiliencehub.hub.config_file import hub_config_load
from resiliencehub.hub.models import DutyShift, Hub

from .models import DemoDevice

HUB_FILES = sorted((Path(__file__).parent / "hubs").glob("site-*.toml"))
DEMO_PASSWORD = "demo-password"
SYSADMIN_USERNAME = "sysadmin"
DEMO_NAMES = {
    Role.ADMINISTRATOR: "Alex Admin",
    Role.PRACTITIONER: "Priya Practitioner",
    Role.CLINICIAN: "Chris Clinician",
    Role.DUTY_CLINICIAN: "Dana Duty",
    Role.CLINICAL_LEAD: "Lee Lead",
    Role.SERVICE_MANAGER: "Morgan Manager",
    Role.RESEARCHER: "Robin Researcher",
    Role.COMMISSIONER: "Cam Commissioner",
    Role.ORGANISATION_CONTACT: "Olu Organisation",
}
ROTA_DAYS = 60


def demo_username(hub_slug: str, role: Role) -> str:
    return f"{hub_slug}-{role.value.replace('_', '-')}"


def demo_email(username: str) -> str:
    """A demo account's address: .invalid is never routed (RFC 2606), so the emails the
    demo writes to var/mail/ cannot reach anyone."""
    return f"{username}@demo.invalid"


def _demo_user(username: str, full_name: str, superuser: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"full_name": full_name, "is_superuser": superuser, "is_staff": superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not user.email:
        # Duty alerts are emailed: an account without an address would be told nothing.
        user.email = demo_email(username)
        user.save(update_fields=["email"])
    DemoDevice.objects.get_or_create(user=user, defaults={"name": "Demo code", "confirmed": True})
    return user


@transaction.atomic
def load_demo_hubs() -> list[Hub]:
    auditor = Auditor.system("load_demo")
    hubs = [hub_config_load(path, auditor) for path in HUB_FILES]
    _demo_user(SYSADMIN_USERNAME, "Sam Sysadmin", superuser=True)
    today = timezone.localdate()
    for hub in hubs:
        for role in Role:
            user = _demo_user(demo_username(hub.slug, role), f"{DEMO_NAMES[role]} ({hub.name})")
            Membership.objects.get_or_create(user=user, hub=hub, role=role)
            if role == Role.CLINICAL_LEAD:
                # The lead also covers duty, so the rota has a second name.
                Membership.objects.get_or_create(user=user, hub=hub, role=Role.DUTY_CLINICIAN)
        duty = User.objects.get(username=demo_username(hub.slug, Role.DUTY_CLINICIAN))
        DutyShift.objects.bulk_create(
            [
                DutyShift(hub=hub, day=today + timedelta(days=n), clinician=duty)
                for n in range(-7, ROTA_DAYS)
            ],
            ignore_conflicts=True,
        )
    from .demo_clinical import load_demo_clinical

    load_demo_clinical(hubs)
    return hubs


def demo_sign_ins() -> list[tuple[str, str]]:
    """(username, what it is) for the printed list of demo sign-ins."""
    rows = [(SYSADMIN_USERNAME, "System administrator (all hubs' configuration)")]
    for path in HUB_FILES:
        slug = path.stem
        for role in Role:
            rows.append((demo_username(slug, role), f"{role.label}, {slug}"))
    return rows
