"""Access matrix entries for the follow-up pages (see matrix.py). Rates are for the
service manager, the clinical lead and administrators; the names of people who have not
answered only for those who would phone them; changing a schedule for the manager and
the lead."""

from resiliencehub.followup.views import CHANGE_ROLES, CONTACT_ROLES, REPORT_ROLES

from .matrix_base import Route, staff_page


def _schedule(cast):
    return {"slug": cast.own.slug, "key": "follow-up"}


def _slug(cast):
    return {"slug": cast.own.slug}


ROUTES = [
    Route("followup:schedules", {"GET": staff_page(REPORT_ROLES)}, _slug),
    Route("followup:schedule", {"GET": staff_page(REPORT_ROLES)}, _schedule),
    Route("followup:non_responders", {"GET": staff_page(CONTACT_ROLES)}, _schedule),
    # An empty POST shows the form's errors: nothing is changed.
    Route(
        "followup:schedule_change",
        {"GET": staff_page(CHANGE_ROLES), "POST": staff_page(CHANGE_ROLES)},
        _schedule,
    ),
]


def seed(cast) -> None:
    """Nothing to add: the demo hub file gives the own hub its "follow-up" schedule."""
