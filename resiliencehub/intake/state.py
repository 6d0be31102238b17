"""One request's view of a person's journey: the state every journey page and the
writes it calls share (ADR 0036). Built once per request by `intake.views.with_journey`."""

from collections.abc import MutableMapping
from datetime import date
from functools import cached_property

from django.db.models import TextField
from django.db.models.functions import Cast

from resiliencehub.hub.models import Hub

from . import pages
from .models import Journey, JourneyAnswer


class StoredAnswers(MutableMapping):
    """A journey's answers, key → value, each decrypted when it is first read: a page
    POST reads the few it needs (its questionnaire's, the contact details a risk answer
    needs), not all fifty of a journey near its end. Iterating keys decrypts nothing."""

    def __init__(self, sealed: dict):
        self._sealed = sealed  # key -> the stored token, or _OPENED once set here
        self._opened: dict = {}

    def __getitem__(self, key):
        if key not in self._opened:
            token = self._sealed[key]
            self._opened[key] = _VALUE_FIELD.from_db_value(token, None, None)
        return self._opened[key]

    def __setitem__(self, key, value) -> None:
        self._sealed[key] = _OPENED
        self._opened[key] = value

    def __delitem__(self, key) -> None:
        del self._sealed[key]
        self._opened.pop(key, None)

    def __iter__(self):
        return iter(self._sealed)

    def __len__(self) -> int:
        return len(self._sealed)

    def __contains__(self, key) -> bool:
        return key in self._sealed

    def __repr__(self) -> str:
        return f"<StoredAnswers: {len(self)} answers>"

    def changed(self, wanted: dict, cleared) -> "StoredAnswers":
        """A copy with the `wanted` answers set and the `cleared` keys gone (nothing is
        decrypted to make it)."""
        copy = StoredAnswers({k: t for k, t in self._sealed.items() if k not in cleared})
        copy._opened = {k: v for k, v in self._opened.items() if k in copy._sealed}
        for key, value in wanted.items():
            copy[key] = value
        return copy


_OPENED = object()
_VALUE_FIELD = JourneyAnswer._meta.get_field("value")


def stored_answers(journey: Journey) -> StoredAnswers:
    """The journey's answers, read in one query and decrypted as they are used."""
    return StoredAnswers(
        dict(
            JourneyAnswer.objects.filter(journey=journey).values_list(
                "key", Cast("value", output_field=TextField())
            )
        )
    )


class JourneyState:
    """One request's view of a person's journey, built once (by the views' `with_journey`)
    and passed to the view and to the writes it calls: the hub, the journey, today's
    date, and, each worked out on first use and then kept, the journey's page plan and
    its stored answers (read and decrypted once). A write that changes them updates them
    here, so nothing later in the request reads or plans again."""

    def __init__(self, journey: Journey, today: date, hub: Hub | None = None):
        if hub is not None:
            journey.hub = hub  # the hub already read with its configuration
        self.journey = journey
        self.hub = journey.hub
        self.today = today

    @cached_property
    def plan(self) -> list[pages.Page]:
        """Every page of the journey's current stage (`pages.plan`)."""
        return pages.plan(self.hub, self.journey, self.today)

    @cached_property
    def stored(self) -> "StoredAnswers":
        """The journey's answers: key → value (each decrypted when first read)."""
        return stored_answers(self.journey)

    def reload(self) -> None:
        """Read the journey again after a write made elsewhere (its stage may have changed:
        the person chose to refer), and forget the plan and answers worked out from it."""
        self.journey.refresh_from_db()
        self.journey.hub = self.hub
        self.__dict__.pop("plan", None)
        self.__dict__.pop("stored", None)
