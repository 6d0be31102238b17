"""Keyset paging for long staff lists: a page is found from the row at the edge of the
page before it, not by skipping rows (OFFSET), so the last page of 100,000 cases costs
what the first does (issue 16).

A list is paged in the order its queryset gives (field names, optionally "-" for
descending, annotations included); its primary key is added as the last tie-breaker.
NULLs sort before every value whatever the direction (NULLS FIRST ascending, NULLS LAST
descending), on SQLite and PostgreSQL alike, so that a page's edge can be compared.

The links carry a signed cursor (`after=` or `before=`) with the edge row's values and,
for the "Page 3 of 40" labels only, the page's number. `?last=1` opens the last page.
"""

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import and_, or_

from django.core import signing
from django.db.models import F, Q
from django.utils.http import urlencode

_SALT = "resiliencehub.core.paging"


class _Exact(json.JSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds, and two rows a
    microsecond apart would then compare equal at a page's edge)."""

    def default(self, o):
        if isinstance(o, datetime | date):
            return o.isoformat()
        return super().default(o)


@dataclass(frozen=True)
class _Key:
    name: str
    descending: bool

    def ordering(self, reverse: bool = False):
        descending = self.descending != reverse
        # NULL is the smallest value: first going up, last going down.
        return (
            F(self.name).desc(nulls_last=True) if descending else F(self.name).asc(nulls_first=True)
        )

    def equal(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def beyond(self, value, reverse: bool = False) -> Q:
        """Rows strictly after `value` in this key's order (before it, with `reverse`)."""
        larger = self.descending == reverse  # going on means larger values
        if value is None:
            # NULL is the smallest: everything not NULL is larger; nothing is smaller.
            return Q(**{f"{self.name}__isnull": False}) if larger else Q(pk__in=[])
        if larger:
            return Q(**{f"{self.name}__gt": value})
        return Q(**{f"{self.name}__lt": value}) | Q(**{f"{self.name}__isnull": True})


def _keys(queryset) -> list[_Key]:
    keys = []
    order = queryset.query.order_by or (
        queryset.model._meta.ordering if queryset.query.default_ordering else ()
    )
    for entry in order:
        if not isinstance(entry, str):
            raise TypeError("Keyset paging needs an ordering by field names.")
        keys.append(_Key(entry.lstrip("-"), entry.startswith("-")))
    if not any(key.name in ("pk", "id") for key in keys):
        keys.append(_Key("pk", False))
    return keys


def _value(row, name: str):
    value = row
    for part in name.split("__"):
        value = getattr(value, part, None) if value is not None else None
    return value


def _after(keys: list[_Key], values: list, reverse: bool) -> Q:
    """Rows beyond the edge whose key values are `values`: for each key, the keys before
    it equal and this one beyond."""
    clauses = []
    for i, key in enumerate(keys):
        same = [keys[j].equal(values[j]) for j in range(i)]
        clauses.append(reduce(and_, [*same, key.beyond(values[i], reverse)]))
    return reduce(or_, clauses)


class Paginator:
    """What the page templates read: `count` and `num_pages`."""

    def __init__(self, count: int, size: int):
        self.count = count
        self.num_pages = max(1, math.ceil(count / size))


class KeysetPage:
    """One page of rows, with links to the pages either side (Django's Page's names)."""

    def __init__(self, rows, *, keys, number, count, size, has_previous, has_next):
        self.object_list = rows
        self.paginator = Paginator(count, size)
        self.number = min(max(1, number), self.paginator.num_pages)
        self._keys = keys
        self._has_previous = has_previous
        self._has_next = has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_previous(self) -> bool:
        return self._has_previous

    def has_next(self) -> bool:
        return self._has_next

    def has_other_pages(self) -> bool:
        return self._has_previous or self._has_next

    def previous_page_number(self) -> int:
        return max(1, self.number - 1)

    def next_page_number(self) -> int:
        return self.number + 1

    def _cursor(self, row) -> str:
        values = [_value(row, key.name) for key in self._keys]
        return signing.dumps(values, salt=_SALT, serializer=_Serializer, compress=True)

    def previous_query(self) -> str:
        """The query string of the page before ("before=…&page=2")."""
        return urlencode(
            {"before": self._cursor(self.object_list[0]), "page": self.previous_page_number()}
        )

    def next_query(self) -> str:
        return urlencode(
            {"after": self._cursor(self.object_list[-1]), "page": self.next_page_number()}
        )


class _Serializer:
    def dumps(self, obj) -> bytes:
        return json.dumps(obj, separators=(",", ":"), cls=_Exact).encode("latin-1")

    def loads(self, data: bytes):
        return json.loads(data.decode("latin-1"))


def _cursor_values(token: str, keys: list[_Key]) -> list | None:
    try:
        values = signing.loads(token, salt=_SALT, serializer=_Serializer)
    except signing.BadSignature:
        return None
    return values if isinstance(values, list) and len(values) == len(keys) else None


def keyset_page(queryset, params, size: int) -> KeysetPage:
    """The page of `queryset` that the query `params` (``request.GET``) ask for: the
    first page, the one after or before a cursor, or the last (`last=1`). A cursor that
    does not verify (edited, or from a list whose order changed) gives the first page."""
    keys = _keys(queryset)
    count = queryset.count()
    try:
        number = int(params.get("page") or 1)
    except ValueError:
        number = 1
    reverse = False
    base = queryset
    edge = None
    if params.get("after"):
        edge = _cursor_values(params["after"], keys)
    elif params.get("before"):
        edge = _cursor_values(params["before"], keys)
        reverse = edge is not None
    if edge is not None:
        base = base.filter(_after(keys, edge, reverse))
    elif params.get("last"):
        reverse = True
        number = math.ceil(count / size) or 1
    else:
        number = 1
    rows = list(base.order_by(*(key.ordering(reverse) for key in keys))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
        # Going back: there is a page before if more rows were found; the page after is
        # the one we came from, or none on the last page.
        has_previous, has_next = more, not params.get("last") or edge is not None
    else:
        has_previous, has_next = edge is not None, more
    if not rows and edge is not None:
        # The rows beyond the cursor have gone (closed or discharged since): show the
        # last page there is rather than an empty one.
        return keyset_page(queryset, {"last": "1"}, size)
    if not rows:
        has_previous = has_next = False
    return KeysetPage(
        rows,
        keys=keys,
        number=number,
        count=count,
        size=size,
        has_previous=has_previous,
        has_next=has_next,
    )
