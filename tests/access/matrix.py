"""The access matrix: every URL pattern × method × persona → the status expected.

A route missing from here fails `test_every_url_pattern_is_in_the_matrix`. Statuses:
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


ROUTES = [
    Route("hub:directory", {"GET": PUBLIC}),
    Route("hub:public_home", {"GET": PUBLIC}, own_slug),
    Route("core:privacy", {"GET": PUBLIC}),
    Route("core:accessibility", {"GET": PUBLIC}),
    Route("core:healthz", {"GET": PUBLIC}),
    Route("accounts:sign_in", {"GET": expect(302, anonymous=200, unverified=200)}),
    Route("accounts:signed_out", {"GET": PUBLIC}),
    Route("accounts:sign_out", {"GET": expect(200, anonymous=302), "POST": expect(302)}),
    # Before the second factor: the verify page; verified users are sent on.
    Route("accounts:verify", {"GET": expect(302, unverified=200)}),
    Route("accounts:enrol", {"GET": expect(302)}),
    # Staff with one hub are sent straight to it; the system administrator chooses.
    Route("core:staff_home", {"GET": expect(302, superuser=200)}),
    Route("hub:staff_home", {"GET": staff_page()}, own_slug),
    Route("hub:configuration", {"GET": staff_page()}, own_slug),
]

ADMIN_NAMESPACE = "admin"
