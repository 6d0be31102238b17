"""Keyset paging walks a staff list page by page, forwards and back, showing every row
exactly once and in the list's order: ties, NULLs (an unallocated case has no case
holder) and descending keys included, on SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.core.paging import keyset_page
from resiliencehub.episodes import selectors
from resiliencehub.episodes.models import Episode
from resiliencehub.episodes.tests.factories import make_episode

pytestmark = pytest.mark.django_db

SIZE = 4


@pytest.fixture
def team(hub_a, make_staff):
    """Eleven open cases: three case holders (two sharing a name) and unallocated ones,
    several opened at the very same moment."""
    holders = [make_staff(hub_a, Role.CLINICIAN) for _ in range(3)]
    for holder, name in zip(holders, ["Ada Okafor", "Ben Iqbal", "Ben Iqbal"], strict=True):
        holder.full_name = name
        holder.save(update_fields=["full_name"])
    holders.append(None)
    moment = timezone.now() - timedelta(days=3)
    for n in range(11):
        episode = make_episode(hub_a, holders[n % 4], name=f"Client {n}")
        opened = moment if n % 3 else moment + timedelta(microseconds=n)
        Episode.objects.filter(pk=episode.pk).update(opened_at=opened)
    return hub_a


def walk(queryset, start: dict) -> tuple[list, list]:
    """(rows, page numbers) following the links from the page `start` opens."""
    page = keyset_page(queryset, QueryDict(mutable=True) | start, SIZE)
    rows, numbers = [list(page)], [page.number]
    forwards = not start.get("last")
    for _ in range(20):
        if not (page.has_next() if forwards else page.has_previous()):
            break
        query = page.next_query() if forwards else page.previous_query()
        page = keyset_page(queryset, QueryDict(query), SIZE)
        rows.append(list(page))
        numbers.append(page.number)
    return rows, numbers


def ordered(queryset) -> list:
    """Every row, in the order keyset paging defines (NULLs first going up)."""
    keys = keyset_page(queryset, QueryDict(), SIZE)._keys
    return list(queryset.order_by(*(key.ordering() for key in keys)))


def test_forwards_every_row_once_in_order(team):
    queryset = selectors.team_caseload(team)
    pages, numbers = walk(queryset, {})
    assert [len(p) for p in pages] == [4, 4, 3]
    assert numbers == [1, 2, 3]
    assert [row for page in pages for row in page] == ordered(queryset)
    assert ordered(queryset)[0].case_holder is None, "unallocated cases come first"


def test_backwards_from_the_last_page_the_same_rows(team):
    queryset = selectors.team_caseload(team)
    pages, numbers = walk(queryset, {"last": "1"})
    assert numbers == [3, 2, 1]
    assert [row for page in reversed(pages) for row in page] == ordered(queryset)


def test_a_descending_key_with_nulls(team):
    queryset = selectors.team_caseload(team).order_by("-case_holder__full_name", "-opened_at")
    pages, _ = walk(queryset, {})
    assert [row for page in pages for row in page] == ordered(queryset)
    back, _ = walk(queryset, {"last": "1"})
    assert [row for page in reversed(back) for row in page] == ordered(queryset)


def test_an_edited_cursor_gives_the_first_page(team):
    queryset = selectors.team_caseload(team)
    first = keyset_page(queryset, QueryDict(), SIZE)
    tampered = QueryDict(first.next_query().replace("after=", "after=x"))
    page = keyset_page(queryset, tampered, SIZE)
    assert list(page) == list(first) and not page.has_previous()


def test_the_last_page_is_one_indexed_query_however_deep(team):
    queryset = selectors.team_caseload(team)
    with CaptureQueriesContext(connection) as captured:
        page = keyset_page(queryset, QueryDict("last=1"), SIZE)
    assert page.number == 3 and not page.has_next() and page.has_previous()
    sql = " ".join(q["sql"] for q in captured.captured_queries).upper()
    assert " OFFSET " not in sql
    assert len(captured.captured_queries) == 2  # the count, and the page


def test_a_cursor_past_the_end_shows_the_last_page(team):
    queryset = selectors.team_caseload(team)
    first = keyset_page(queryset, QueryDict(), SIZE)
    after_first = QueryDict(first.next_query())
    # Every case after the first page is discharged meanwhile (no longer open).
    beyond = [e.pk for e in ordered(queryset)[SIZE:]]
    Episode.objects.filter(pk__in=beyond).update(status="discharged")
    page = keyset_page(selectors.team_caseload(team), after_first, SIZE)
    assert list(page) == list(first) and not page.has_next()


def test_a_list_with_no_ordering_of_its_own_pages_in_its_models_order(team):
    queryset = Episode.objects.filter(hub=team)  # Episode's Meta.ordering
    keys = keyset_page(queryset, QueryDict(), SIZE)._keys
    assert [k.name for k in keys][: len(Episode._meta.ordering)] == [
        name.lstrip("-") for name in Episode._meta.ordering
    ]
