"""The access matrix: every URL pattern × method × persona → the status expected.

A route missing from here fails `test_every_url_pattern_is_in_the_matrix`. Each app's
routes live in `routes_<app>.py`, which may also define `seed(cast)` to create the
objects its routes need (in the own hub and the other hub) and the canary strings that
must never appear in a refused response.
"""

from . import routes_episodes, routes_followup, routes_intake, routes_triage
from .matrix_base import PUBLIC, Route, expect, own_slug, staff_page

ROUTE_MODULES = [routes_intake, routes_triage, routes_episodes, routes_followup]

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
    Route("hub:staff_hubs", {"GET": expect(302, superuser=200)}),
    Route("hub:staff_home", {"GET": staff_page()}, own_slug),
    Route("hub:configuration", {"GET": staff_page()}, own_slug),
]

for _module in ROUTE_MODULES:
    ROUTES += _module.ROUTES

ADMIN_NAMESPACE = "admin"
