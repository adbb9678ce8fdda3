"""Joint statements (issue 8): drafting, revisions and their diff, signing tied to the exact
revision, publishing and freezing, late signatures, the admin's logged correction, the order of
signatories in both languages, access and leaks, the Atom feed, live events and query counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, Organization
from tests.conftest import join, make_user
from threads.joint import statement_queries as q
from threads.joint import statements as st
from threads.live.consumers import audience_for_stream
from threads.core.events import capture_events
from threads.models import Statement, StatementResponse, StatementRevision

SIGN, DECLINE, AMEND = "sign", "decline", "amend"


def org(slug, fa, en):
    return Organization.objects.create(slug=slug, name_fa=fa, name_en=en, status=Organization.Status.ADMITTED)


def representative(username, organization):
    user = make_user(username)
    join(user, organization, Membership.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def rep_b(org_b):
    return representative("reza", org_b)


@pytest.fixture
def draft(rana, org_a, org_b, area):
    return st.draft_statement(
        acting_user=rana, organization=org_a, areas=[area], invite=[org_b],
        texts={"fa": ("بیانیه‌ی مشترک", "متن **نخست**."), "en": ("Joint statement", "First text.")},
    )


def sign(user, statement, organization, language="fa", verdict=SIGN, comment=""):
    statement.refresh_from_db()
    return st.respond(
        acting_user=user, statement=statement, organization=organization, language=language, verdict=verdict,
        revision_number=statement.revision(language).number, comment=comment,
    )


# --- drafting, revisions and signatures ----------------------------------------------------------


def test_draft_has_both_texts_invitations_and_a_members_only_thread(draft, org_a, org_b):
    assert draft.fa_revision.number == 1 and draft.en_revision.title == "Joint statement"
    assert set(draft.invitations.values_list("organization__slug", flat=True)) == {"org-a", "org-b"}
    assert draft.thread.is_members_only and draft.thread.on_behalf_of == org_a
    assert f"/statements/{draft.pk}/" in draft.thread.posts.first().body_html


def test_signature_is_tied_to_the_revision_and_marked_earlier_after_a_change(draft, rana, rep_b, org_a, org_b):
    first = sign(rep_b, draft, org_b)
    assert first.revision.number == 1
    st.revise_statement(acting_user=rana, statement=draft, language="fa", title="بیانیه‌ی مشترک", text="متن **دوم**.")
    draft.refresh_from_db()
    fa = next(t for t in q.statement_texts(draft) if t["language"] == "fa")
    assert [r.organization for r in fa["signed"]] == []
    assert [r.organization for r in fa["earlier"]] == [org_b]
    # the English text did not change: a signature there would still be current
    with pytest.raises(ValidationError, match="revision 2"):  # answering on the revision read, now stale
        st.respond(acting_user=rep_b, statement=draft, organization=org_b, language="fa", verdict=SIGN, revision_number=1)
    sign(rep_b, draft, org_b)
    fa = next(t for t in q.statement_texts(draft) if t["language"] == "fa")
    assert [r.organization for r in fa["signed"]] == [org_b] and fa["earlier"] == []
    assert StatementResponse.objects.filter(organization=org_b).count() == 2  # history kept


def test_decline_and_amendment(draft, rep_b, org_b):
    with pytest.raises(ValidationError):
        sign(rep_b, draft, org_b, verdict=AMEND)  # an amendment needs its text
    sign(rep_b, draft, org_b, verdict=AMEND, comment="Say *independent* unions.")
    fa = next(t for t in q.statement_texts(draft) if t["language"] == "fa")
    assert fa["amendments"][0].comment_html.count("<em>") == 1
    sign(rep_b, draft, org_b, verdict=DECLINE)
    fa = next(t for t in q.statement_texts(draft) if t["language"] == "fa")
    assert [r.organization for r in fa["declined"]] == [org_b] and fa["amendments"] == []


def test_readable_diff_between_revisions(draft, rana):
    st.revise_statement(acting_user=rana, statement=draft, language="en", title="Joint statement", text="First <b>changed</b> text.")
    history = q.revision_history(draft)
    newest = history[0]
    assert newest["revision"].number == 2
    assert newest["diff"] == [("same", "First "), ("ins", "<b>changed</b> "), ("same", "text.")]


def test_publish_freezes_and_late_signature_is_dated(draft, rana, rep_b, org_a, org_b, org_c, rep_c, root):
    with pytest.raises(PermissionDenied, match="must sign"):
        st.publish(acting_user=rana, statement=draft)
    sign(rana, draft, org_a, "fa"), sign(rana, draft, org_a, "en"), sign(rep_b, draft, org_b, "fa")
    with pytest.raises(PermissionDenied):
        st.publish(acting_user=rep_b, statement=draft)  # not the drafting organization
    st.publish(acting_user=rana, statement=draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at
    with pytest.raises(PermissionDenied, match="published"):
        st.revise_statement(acting_user=rana, statement=draft, language="fa", title="x", text="y")
    with pytest.raises(PermissionDenied, match="published"):
        sign(rep_b, draft, org_b, "en", verdict=DECLINE)
    late = sign(rep_c, draft, org_c, "fa")  # not invited, but published: a late signature
    assert late.after_publication
    # the admin's correction: a logged revision that keeps the signatures current
    with pytest.raises(PermissionDenied):
        st.correct(acting_user=rana, statement=draft, language="fa", title="بیانیه‌ی مشترک", text="متن درست.", reason="typo")
    with pytest.raises(ValidationError):
        st.correct(acting_user=root, statement=draft, language="fa", title="بیانیه‌ی مشترک", text="متن درست.", reason=" ")
    fixed = st.correct(acting_user=root, statement=draft, language="fa", title="بیانیه‌ی مشترک", text="متن درست.", reason="typo")
    assert fixed.is_correction and fixed.note == "typo" and fixed.author == root
    draft.refresh_from_db()
    fa = next(t for t in q.statement_texts(draft) if t["language"] == "fa")
    assert {r.organization for r in fa["signed"]} == {org_a, org_b, org_c}


@pytest.fixture
def org_c(db):
    return org("org-c", "سازمان پ", "Organization C")


@pytest.fixture
def rep_c(org_c):
    return representative("cyrus", org_c)


# --- permissions per role ----------------------------------------------------------------------


def test_only_representatives_draft_and_sign(draft, alice, bob, mona, root, rep_b, org_a, org_b, area):
    for person in (alice, mona, root):
        with pytest.raises(PermissionDenied):
            st.draft_statement(acting_user=person, organization=org_a, areas=[area], texts={"fa": ("t", "x")})
    with pytest.raises(PermissionDenied):
        st.draft_statement(acting_user=rep_b, organization=org_a, areas=[area], texts={"fa": ("t", "x")})
    count = StatementResponse.objects.count()
    for person, organization in ((alice, org_a), (bob, org_b), (rep_b, org_a), (mona, org_b), (root, org_a)):
        with pytest.raises(PermissionDenied):
            sign(person, draft, organization)
    assert StatementResponse.objects.count() == count
    for person in (alice, rep_b, mona):
        with pytest.raises(PermissionDenied):
            st.revise_statement(acting_user=person, statement=draft, language="fa", title="t", text="x")


def test_uninvited_organization_cannot_answer_a_draft(draft, rep_c, org_c):
    with pytest.raises(PermissionDenied, match="not invited"):
        sign(rep_c, draft, org_c)


def test_bad_input_is_refused_with_a_message(rana, org_a, area):
    with pytest.raises(ValidationError):
        st.draft_statement(acting_user=rana, organization=org_a, areas=[area], texts={"fa": ("", "")})
    with pytest.raises(ValidationError):
        st.draft_statement(acting_user=rana, organization=org_a, areas=[], texts={"fa": ("t", "x")})
    with pytest.raises(ValidationError):
        st.draft_statement(acting_user=rana, organization=org_a, areas=[area], texts={"fa": ("t" * 201, "x")})
    assert not Statement.objects.exists()


# --- signatory order in the reader's language --------------------------------------------------


def test_signatories_in_persian_and_english_alphabetical_order(area):
    drafter_org = org("tina", "تینا", "Zeta collective")
    other = org("parsa", "پارسا", "Alpha group")
    third = org("hosseini", "حسینی", "Mu circle")
    fourth = org("chamran", "چمران", "Beta front")
    reps = {o: representative(f"rep-{o.slug}", o) for o in (drafter_org, other, third, fourth)}
    statement = st.draft_statement(
        acting_user=reps[drafter_org], organization=drafter_org, areas=[area], invite=[other, third, fourth],
        texts={"fa": ("عنوان", "متن")},
    )
    for o in (drafter_org, third, other, fourth):
        sign(reps[o], statement, o)
    with translation.override("fa"):
        names = [r.organization.name for r in q.statement_texts(statement)[0]["signed"]]
    assert names == ["پارسا", "تینا", "چمران", "حسینی"]  # not code-point order (تینا, پارسا, حسینی, چمران)
    with translation.override("en"):
        names = [r.organization.name for r in q.statement_texts(statement)[0]["signed"]]
    assert names == ["Alpha group", "Beta front", "Mu circle", "Zeta collective"]


def test_signatory_order_on_the_page(client, area):
    drafter_org = org("tina", "تینا", "Zeta collective")
    other = org("parsa", "پارسا", "Alpha group")
    reps = {o: representative(f"rep-{o.slug}", o) for o in (drafter_org, other)}
    statement = st.draft_statement(
        acting_user=reps[drafter_org], organization=drafter_org, areas=[area], invite=[other], texts={"fa": ("عنوان", "متن")}
    )
    sign(reps[drafter_org], statement, drafter_org), sign(reps[other], statement, other)
    st.publish(acting_user=reps[drafter_org], statement=statement)
    url = reverse("statement_detail", args=[statement.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert page.index("پارسا") < page.index("تینا")
    client.cookies["hamgami_language"] = "en"
    page = client.get(url).content.decode()
    assert page.index("Alpha group") < page.index("Zeta collective")


# --- pages, forms and leaks ---------------------------------------------------------------------


def test_representative_drafts_and_another_signs_through_the_pages(client, rana, rep_b, org_a, org_b, area):
    client.force_login(rana)
    response = client.post(reverse("statement_new"), {
        "organization": str(org_a.pk), "title_fa": "", "text_fa": "", "title_en": "For May Day", "text_en": "We call …",
        "areas": [area.pk], "invite": [org_b.pk], "visibility": "public",
    })
    statement = Statement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("statement_detail", args=[statement.pk])
    client.force_login(rep_b)
    page = client.get(response["Location"])
    assert page.status_code == 200 and b'name="en-verdict"' in page.content
    response = client.post(reverse("statement_respond", args=[statement.pk]), {
        "language_prefix": "en", "en-organization": str(org_b.pk), "en-language": "en", "en-revision": "1", "en-verdict": "sign",
    })
    assert response.status_code == 302
    assert StatementResponse.objects.get().organization == org_b
    # a stale revision re-renders with the message and records nothing
    client.force_login(rana)
    client.post(reverse("statement_revise", args=[statement.pk]) + "?language=en",
                {"language": "en", "title": "For May Day", "text": "We call on …", "note": ""})
    client.force_login(rep_b)
    response = client.post(reverse("statement_respond", args=[statement.pk]), {
        "language_prefix": "en", "en-organization": str(org_b.pk), "en-language": "en", "en-revision": "1", "en-verdict": "decline",
    })
    assert response.status_code == 400 and StatementResponse.objects.count() == 1
    history = client.get(reverse("statement_revisions", args=[statement.pk]))
    assert history.status_code == 200 and b"<ins>on </ins>" in history.content


def test_pages_check_access(client, draft, alice, dave, rep_b, org_b):
    url = reverse("statement_detail", args=[draft.pk])
    assert client.get(url).status_code == 404  # a draft: visitors see nothing
    client.force_login(dave)
    assert client.get(url).status_code == 404
    assert client.get(reverse("statement_list")).content.count(b"statement-row") == 0
    client.force_login(alice)
    assert client.get(url).status_code == 200
    response = client.post(reverse("statement_respond", args=[draft.pk]), {"language_prefix": "fa", "fa-organization": str(org_b.pk)})
    assert response.status_code == 403
    assert client.get(reverse("statement_new")).status_code == 403
    assert client.post(reverse("statement_publish", args=[draft.pk])).status_code == 403
    client.force_login(rep_b)
    assert client.post(reverse("statement_publish", args=[draft.pk])).status_code == 403
    assert client.get(reverse("statement_revise", args=[draft.pk])).status_code == 403
    assert not Statement.objects.get().is_published


def _published(rana, org_a, area, visibility="public", title="Members statement"):
    statement = st.draft_statement(acting_user=rana, organization=org_a, areas=[area], visibility=visibility,
                                   texts={"en": (title, "Secret text")})
    sign(rana, statement, org_a, "en")
    return st.publish(acting_user=rana, statement=statement)


def test_members_only_statements_never_leak(client, rana, org_a, area, dave, alice):
    secret = _published(rana, org_a, area, "members")
    public = _published(rana, org_a, area, "public", "Open statement")
    for who in (None, dave):
        if who:
            client.force_login(who)
        assert client.get(reverse("statement_detail", args=[secret.pk])).status_code == 404
        listing = client.get(reverse("statement_list")).content
        assert b"Members statement" not in listing and b"Open statement" in listing
        feed = client.get(reverse("statement_feed")).content
        assert b"Members statement" not in feed and b"Secret text" not in feed or b"Open statement" in feed
        assert b"Members statement" not in feed
    client.force_login(alice)
    assert client.get(reverse("statement_detail", args=[secret.pk])).status_code == 200
    assert b"Members statement" not in client.get(reverse("statement_feed")).content  # feeds: public only, always
    assert client.get(public.get_absolute_url()).status_code == 200


def test_atom_feed_lists_published_public_statements(client, draft, rana, org_a, area):
    _published(rana, org_a, area, "public", "Open statement")
    response = client.get(reverse("statement_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    assert b"Open statement" in response.content and "بیانیه‌ی مشترک".encode() not in response.content  # the draft


def test_print_stylesheet_and_stable_url(client, rana, org_a, area):
    statement = _published(rana, org_a, area, "public", "Open statement")
    assert statement.get_absolute_url().startswith(f"/statements/{statement.pk}/")
    assert client.get(f"/statements/{statement.pk}/anything/").status_code == 200
    from pathlib import Path
    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    assert "@media print" in css and ".no-print" in css


# --- live events --------------------------------------------------------------------------------


def test_signature_is_published_live_to_readers_only(area, django_capture_on_commit_callbacks):
    a = org("org-a", "سازمان الف", "Organization A")
    rana = representative("rana", a)
    statement = st.draft_statement(acting_user=rana, organization=a, areas=[area], texts={"en": ("Title", "Text")})
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        sign(rana, statement, a, "en")
    assert [e.event for e in events] == ["statement.answered"]
    payload = events[0].payload
    assert "member:en" in payload and "visitor:en" not in payload  # a draft: never to visitors
    assert 'id="signatures-en"' in payload["member:en"]
    from django.contrib.auth.models import AnonymousUser

    assert audience_for_stream(AnonymousUser(), statement.stream) is None
    assert audience_for_stream(rana, statement.stream) == "member"
    assert audience_for_stream(rana, "statement:999999") is None


# --- query counts -------------------------------------------------------------------------------


def _statement_with_signatures(n, area):
    drafter_org = org(f"d{n}", f"سازمان {n}", f"Drafter {n}")
    drafter = representative(f"drafter{n}", drafter_org)
    others = [org(f"o{n}-{i}", f"تشکل {i} {n}", f"Org {i} {n}") for i in range(n)]
    statement = st.draft_statement(acting_user=drafter, organization=drafter_org, areas=[area], invite=others,
                                   texts={"fa": ("عنوان", "متن"), "en": ("Title", "Text")})
    for i, o in enumerate(others):
        sign(representative(f"r{n}-{i}", o), statement, o)
    sign(drafter, statement, drafter_org, "fa"), sign(drafter, statement, drafter_org, "en")
    return st.publish(acting_user=drafter, statement=statement)


def test_statement_page_queries_do_not_grow(client, django_assert_num_queries, area):
    small, large = _statement_with_signatures(2, area), _statement_with_signatures(12, area)
    # statement (+drafter org, revisions, thread), invitations+orgs, responses+orgs+revisions+people,
    # corrections, areas, and the live stream's head, read first (data-live-since)
    for statement in (small, large):
        with django_assert_num_queries(6):
            assert client.get(reverse("statement_detail", args=[statement.pk])).status_code == 200
    # statements+orgs+revisions, their areas, signature counts
    with django_assert_num_queries(3):
        client.get(reverse("statement_list"))


# --- demo data ---------------------------------------------------------------------------------


def test_seed_joint_action_publishes_the_declaration_and_the_events(client, db):
    from threads.demo.data import ORGANIZATIONS
    from threads.demo.joint import EN_TITLE, seed_joint_action
    from threads.models import Gathering

    for spec in ORGANIZATIONS:
        org(spec["slug"], spec["name_fa"], spec["name_en"])
    join(make_user("alice"), Organization.objects.get(slug="ila-vancouver"))
    assert seed_joint_action() == 4
    assert seed_joint_action() == 0  # idempotent
    statement = Statement.objects.get(en_revision__title=EN_TITLE)
    assert statement.is_published
    with translation.override("fa"):
        texts = q.statement_texts(statement)
        assert [r.organization.name_fa for r in texts[0]["signed"]] == [s["name_fa"] for s in ORGANIZATIONS]
    assert len(texts[1]["signed"]) == 6
    assert Gathering.objects.filter(recurrence__contains="YEARLY").count() == 1
    import icalendar

    cal = icalendar.Calendar.from_ical(client.get(reverse("calendar_ics")).content)
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert any("May Day" in s for s in summaries) and any("1988" in s for s in summaries)
