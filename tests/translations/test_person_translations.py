"""A translator's page lists their latest translations of every kind (issue 20): posts, positions,
ledger points, debate summaries and gatherings' descriptions, each linking to where its text is
shown, only those the reader may read, in a fixed number of queries however many."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import User
from tests.translations.test_target_translations import (  # noqa: F401 - fixtures
    POINT_FA, POSITION_FA, SUMMARY_FA, ben, cora, debate, gathering, point, position, start, summary,
)
from threads.core import actions as core
from threads.debates import actions as da
from threads.joint import gatherings
from threads.models import Thread, Translation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer(bob):
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    return bob


def translate(user, target, text):
    return tr_actions.translate_text(acting_user=user, target=target, language="en", text=text)


def page(client, reader=None):
    client.logout()
    if reader is not None:
        client.force_login(reader)
    client.cookies["hamgami_language"] = "en"
    response = client.get(User.objects.get(username="bob").get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def listed(html: str) -> list[tuple[str, str]]:
    """(link, snippet) of each listed translation, in order."""
    section = html.split('class="result-list person-translations"', 1)[1].split("</ol>", 1)[0] if (
        "person-translations\"" in html) else ""
    return re.findall(r'<h3><a href="([^"]+)".*?<p class="snippet"[^>]*>([^<]*)</p>', section, re.S)


def members_gathering(alice, org_a, area, title="جلسه درونی"):
    start_at = datetime.datetime(2030, 6, 1, 17, tzinfo=datetime.UTC)
    return gatherings.propose(
        acting_user=alice, kind="action", title=title, description="فقط برای اعضا.", starts_at=start_at,
        ends_at=start_at + datetime.timedelta(hours=1), time_zone="Asia/Tehran", areas=[area], organizers=[org_a], place="تهران",
        visibility="members",
    )


@pytest.fixture
def every_kind(volunteer, alice, area, debate, position, point, summary, gathering):
    """bob translated one text of each kind, all public."""
    thread = core.create_thread(acting_user=alice, title="اعتصاب", body="از کارگران بندر پشتیبانی کنیم.", areas=[area])
    translate(volunteer, thread.posts.get(), "Support the port workers")
    translate(volunteer, position, "We back the boycott")
    translate(volunteer, point, "The vote is not free")
    translate(volunteer, summary, "They agree on the boycott")
    translate(volunteer, gathering, "Join us on May Day")
    return {"post": thread.posts.get(), "position": position, "point": point, "summary": summary, "gathering": gathering}


def test_every_kind_is_listed_with_a_link_to_its_text(client, every_kind, debate):
    html = page(client)
    items = dict((snippet, link) for link, snippet in listed(html))
    debate_url = reverse("debate_detail", args=[debate.thread_id])
    assert items == {
        "Support the port workers": f"/posts/{every_kind['post'].pk}/",
        "We back the boycott": f"{debate_url}#debate-positions",
        "The vote is not free": f"{debate_url}#point-{every_kind['point'].number}",
        "They agree on the boycott": f"{debate_url}#debate-summary",
        "Join us on May Day": f"/events/{every_kind['gathering'].pk}/#gathering-description",
    }
    for kind in ("a post", "a position", "a ledger point", "a debate summary", "a gathering&#x27;s description"):
        assert f'<span class="translation-kind">{kind}</span>' in html
    # each link leads to a page that shows the translation to an English reader
    for snippet, link in items.items():
        assert snippet in client.get(link, follow=True).content.decode(), link


def test_a_hidden_translation_is_not_listed(client, every_kind, mona):
    item = Translation.objects.get(point=every_kind["point"])
    tr_actions.hide_translation(acting_user=mona, translation=item, reason="Wrong")
    assert "The vote is not free" not in page(client)
    assert "The vote is not free" not in page(client, mona)  # not even for moderators: the page shows visible work


def test_members_only_translations_only_for_members(client, volunteer, alice, rana, dave, org_a, org_b, area, cora, ben):
    secret = start(alice, cora, org_a, org_b, area, visibility=Thread.Visibility.MEMBERS)
    translate(volunteer, da.propose_point(acting_user=alice, debate=secret, text="رای آزاد نیست."), "Secret point")
    translate(volunteer, members_gathering(alice, org_a, area), "Members only meeting")
    thread = core.create_thread(acting_user=alice, title="درونی", body="متن درونی اعضا.", areas=[area],
                                visibility=Thread.Visibility.MEMBERS)
    translate(volunteer, thread.posts.get(), "Inner text")
    for reader in (None, dave):
        html = page(client, reader)
        assert not any(word in html for word in ("Secret point", "Members only meeting", "Inner text")), reader
    html = page(client, alice)
    assert all(word in html for word in ("Secret point", "Members only meeting", "Inner text"))
    assert html.count("badge-members") >= 3


def test_queries_stay_fixed_however_many_translations(client, volunteer, alice, area, debate, position, summary,
                                                      gathering, org_a, django_assert_num_queries):
    translate(volunteer, position, "We back the boycott")
    page(client)
    # the person, their memberships, their posts, their positions, their translations (one query
    # for every kind)
    url = volunteer.get_absolute_url()
    with django_assert_num_queries(5):
        client.get(url)
    translate(volunteer, summary, "They agree on the boycott")
    translate(volunteer, gathering, "Join us on May Day")
    for n in range(6):
        translate(volunteer, da.propose_point(acting_user=alice, debate=debate, text=f"نکته شماره {n} اینجاست."),
                  f"Point number {n}")
        thread = core.create_thread(acting_user=alice, title=f"رشته {n}", body=f"متن شماره {n} اینجاست.", areas=[area])
        translate(volunteer, thread.posts.get(), f"Post number {n}")
        translate(volunteer, members_gathering(alice, org_a, area, title=f"جلسه {n}"), f"Meeting {n}")
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert len(listed(html)) == 10  # the latest ten the visitor may read
    page(client, alice)
    # signed in: the session, the reader, their memberships (access), and whether they follow bob
    with django_assert_num_queries(9):
        html = client.get(url).content.decode()
    assert len(listed(html)) == 10 and "Meeting 5" in html
