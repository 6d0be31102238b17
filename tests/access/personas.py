"""The people every route is tried as (quality.md S1, S8).

Each persona is a function of the two seeded hubs: "own" is the hub the route belongs
to; "other" is a second hub whose staff must learn nothing about the first.
"""

from dataclasses import dataclass, field

from resiliencehub.accounts.roles import Role

ANONYMOUS = "anonymous"
UNVERIFIED = "unverified"  # password passed, second factor not
OTHER_HUB_CLINICIAN = "clinician_other_hub"
OTHER_HUB_LEAD = "clinical_lead_other_hub"
SUPERUSER = "superuser"  # system administrator: configuration, never clinical records

ROLE_PERSONAS = [role.value for role in Role]
PERSONAS = [ANONYMOUS, UNVERIFIED, *ROLE_PERSONAS, OTHER_HUB_CLINICIAN, OTHER_HUB_LEAD, SUPERUSER]


@dataclass
class Cast:
    """The seeded world a route is tried in: two hubs and a user per persona."""

    own: object
    other: object
    users: dict
    objects: dict = field(default_factory=dict)
    canaries: list = field(default_factory=list)

    def user(self, persona: str):
        return self.users.get(persona)


def build_cast(own_hub, other_hub, make_staff) -> Cast:
    users = {role.value: make_staff(own_hub, role) for role in Role}
    users[UNVERIFIED] = make_staff(own_hub, Role.CLINICIAN)
    users[OTHER_HUB_CLINICIAN] = make_staff(other_hub, Role.CLINICIAN)
    users[OTHER_HUB_LEAD] = make_staff(other_hub, Role.CLINICAL_LEAD)
    users[SUPERUSER] = make_staff(None, superuser=True)
    cast = Cast(own_hub, other_hub, users)
    from .matrix import ROUTE_MODULES

    for module in ROUTE_MODULES:
        module.seed(cast)
    return cast
