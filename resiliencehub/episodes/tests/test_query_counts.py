"""Lists take the same number of queries for 1 row or 20 (quality.md P2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from resiliencehub.accounts.roles import Role
from resiliencehub.episodes import services
from resiliencehub.episodes.assessments import assessment_record
from resiliencehub.episodes.tests.factories import auditor_for, make_episode

pytestmark = pytest.mark.django_db


def grow(hub, holder, lead, programme, n):
    for i in range(n):
        episode = make_episode(hub, holder, name=f"Client {i}")
        if i % 2:
            assessment_record(
                episode,
                kind="in_depth",
                assessed_at=timezone.now(),
                duration_minutes=60,
                mode="virtual",
                summary="s",
                outcome="plan",
                plan_pathway="group",
                formulation={"presenting_difficulties": "p"},
                auditor=auditor_for(holder),
            )
            episode.refresh_from_db()
            services.group_member_add(programme, episode, auditor=auditor_for(lead))


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("episodes:my_caseload", ""),
        ("episodes:team_caseload", ""),
        ("episodes:waiting_list", "?stage=assessment"),
        ("episodes:waiting_list", "?stage=intervention"),
        ("episodes:group", ""),
        ("episodes:break_glass_log", ""),
    ],
)
def test_list_pages_take_a_constant_number_of_queries(hub_b, make_staff, signed_in, name, query):
    lead = make_staff(hub_b, Role.CLINICAL_LEAD, Role.CLINICIAN)
    programme = services.group_programme_create(
        hub_b, name="Group", description="", facilitator=lead, auditor=auditor_for(lead)
    )
    kwargs = {"slug": hub_b.slug}
    if name == "episodes:group":
        kwargs["programme_id"] = programme.pk
    url = reverse(name, kwargs=kwargs) + query
    client = signed_in(lead)
    grow(hub_b, lead, lead, programme, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(hub_b, lead, lead, programme, 20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large), [q["sql"][:120] for q in large.captured_queries]


def test_a_long_caseload_pages_forwards_and_back_by_its_links(hub_b, make_staff, signed_in):
    """55 cases: page 1 of 2 links to page 2, which shows the other 5 and links back;
    the last page opens directly. Every case appears once."""
    import re
    from html import unescape

    from resiliencehub.records.pages import PAGE_SIZE

    lead = make_staff(hub_b, Role.CLINICAL_LEAD, Role.CLINICIAN)
    for i in range(PAGE_SIZE + 5):
        make_episode(hub_b, lead if i % 2 else None, name=f"Client {i:02d}")
    client = signed_in(lead)
    url = reverse("episodes:team_caseload", kwargs={"slug": hub_b.slug})

    def cases_and_links(response):
        body = response.content.decode()
        names = re.findall(r"Client \d\d", body)
        links = {
            m.group(2): unescape(m.group(1))
            for m in re.finditer(
                r'<a class="nhsuk-pagination__link[^"]*" href="([^"]+)"[^>]*>.*?'
                r'<span class="nhsuk-pagination__page">\s*(Page \d+ of \d+)',
                body,
                re.S,
            )
        }
        return names, links

    first, links = cases_and_links(client.get(url))
    assert len(first) == PAGE_SIZE and list(links) == ["Page 2 of 2"]
    second, links = cases_and_links(client.get(url + links["Page 2 of 2"]))
    assert len(second) == 5 and list(links) == ["Page 1 of 2"]
    assert sorted(first + second) == sorted(f"Client {i:02d}" for i in range(PAGE_SIZE + 5))
    back, _ = cases_and_links(client.get(url + links["Page 1 of 2"]))
    assert back == first
    last, _ = cases_and_links(client.get(url + "?last=1"))
    assert last == first[-(PAGE_SIZE - 5) :] + second
