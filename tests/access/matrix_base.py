"""Building blocks of the access matrix: expected statuses per persona, route records.

Statuses:
200 allowed; 302 sent to sign in / second factor; 403 a member whose role does not
include the page; 404 an outsider, who learns nothing (not even that the hub exists).
"""

from dataclasses import dataclass, field

from resiliencehub.accounts.roles import Role

from .personas import PERSONAS, ROLE_PERSONAS


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
    for persona, status in overrides.items():
        assert persona in table, persona
        table[persona] = status
    return table


def staff_page(allowed_roles: set[Role] | None = None) -> dict[str, int]:
    """A page inside one hub: sign-in first; outsiders 404; members without the role 403."""
    allowed = {r.value for r in allowed_roles} if allowed_roles else set(ROLE_PERSONAS)
    table = expect(404, anonymous=302, unverified=302)
    for role in ROLE_PERSONAS:
        table[role] = 200 if role in allowed else 403
    return table


PUBLIC = expect(200)


@dataclass
class Route:
    name: str
    methods: dict[str, dict[str, int]]
    kwargs: callable = field(default=lambda cast: {})
    data: callable = field(default=lambda cast: {})


def own_slug(cast):
    return {"slug": cast.own.slug}


def object_page(allowed_roles: set[Role] | None = None, member_denied: int = 403) -> dict[str, int]:
    """A page about one object in the hub (a referral, an alert, an episode).

    Like `staff_page`, but a member whose role may not see the object gets
    `member_denied` (404 when even its existence must not be revealed).
    """
    table = staff_page(allowed_roles)
    for role in ROLE_PERSONAS:
        if table[role] == 403:
            table[role] = member_denied
    return table
