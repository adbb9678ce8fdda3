"""Organizations and memberships as people use them: ask to join, decide, name representatives,
apply as an organization, admit; pages in the reader's alphabetical order, at a fixed query cost."""

import pytest

from accounts import actions
from accounts.models import Membership, Organization
from tests.conftest import join, make_user
from threads.core import actions as thread_actions


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Many people are made here; hash their passwords cheaply (the hasher is not under test)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def make_org(slug, name_fa, name_en, status=Organization.Status.ADMITTED, **extra):
    return Organization.objects.create(slug=slug, name_fa=name_fa, name_en=name_en, status=status, **extra)


def names_in_order(html: str, names: list[str]) -> list[str]:
    return sorted(names, key=html.index)


# --- the organization list ------------------------------------------------------------------------


def test_org_list_it_works(client, org_a, org_b, alice, rana, bob):
    make_org("pending-org", "سازمان درخواست‌داده", "Applying Org", status=Organization.Status.APPLIED)
    response = client.get("/orgs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "سازمان الف" in html and "Organization B" in html
    assert "Applying Org" not in html and "درخواست‌داده" not in html
    assert "۲ عضو" in html  # org A: alice and rana, in Persian digits
    assert 'href="/orgs/apply/"' in html


def test_org_list_checks_access(client, db):
    assert client.get("/orgs/").status_code == 200  # public
    assert client.post("/orgs/").status_code == 405


PERSIAN_CASES = [
    ("پارسا", "تینا"),
    ("چمران", "حسینی"),
    ("ژاله", "سحر"),
    ("گلشیری", "لاهوتی"),
    ("وحید", "هما"),
    ("یاسمن", "يوسف"),
]


@pytest.mark.parametrize("first,second", PERSIAN_CASES)
def test_org_list_in_persian_alphabetical_order(client, db, first, second):
    # Created in the wrong order so that insertion order cannot pass the test.
    make_org("second", second, "Second")
    make_org("first", first, "First")
    html = client.get("/orgs/").content.decode()
    stored_second = Organization.objects.get(slug="second").name_fa  # Arabic yeh is stored as Persian yeh
    assert html.index(first) < html.index(stored_second)


def test_org_list_in_english_order_in_english(client, db):
    make_org("b", "ب", "beta Collective")
    make_org("a", "الف", "Alpha Front")
    make_org("c", "پ", "Çeta Union")
    client.cookies["hamgami_language"] = "en"
    html = client.get("/orgs/").content.decode()
    assert names_in_order(html, ["Çeta Union", "beta Collective", "Alpha Front"]) == ["Alpha Front", "beta Collective", "Çeta Union"]


def test_org_list_queries_do_not_grow(client, django_assert_num_queries, db):
    for i in range(3):
        org = make_org(f"o{i}", f"سازمان {i}", f"Org {i}")
        join(make_user(f"u{i}"), org)
    with django_assert_num_queries(1):  # the admitted organizations with their member counts
        assert client.get("/orgs/").status_code == 200
    for i in range(3, 30):
        org = make_org(f"o{i}", f"سازمان {i}", f"Org {i}")
        for j in range(3):
            join(make_user(f"u{i}-{j}"), org)
    with django_assert_num_queries(1):
        assert client.get("/orgs/").status_code == 200


def test_org_list_queries_signed_in(client, login, django_assert_num_queries, alice):
    login(alice)
    # session, user, the reader's memberships (frame), the organizations with counts
    with django_assert_num_queries(4):
        client.get("/orgs/")


# --- the organization page --------------------------------------------------------------------------


def test_org_detail_it_works(client, org_a, alice, rana, public_thread, area):
    thread_actions.create_thread(acting_user=rana, title="On behalf of A", body="Body", areas=[area], on_behalf_of=org_a)
    response = client.get("/orgs/org-a/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "سازمان الف" in html and "Organization A" in html  # both languages
    assert "Alice" in html and "رعنا" in html  # display names
    assert "alice@example.org" not in html and ">alice<" not in html
    assert "On behalf of A" in html
    assert "/accounts/login/?next=/orgs/org-a/" in html  # a visitor is asked to log in to join
    reps = html.index("org-reps")
    assert reps < html.index("رعنا") < html.index("org-members") < html.index("Alice")


def test_org_detail_checks_access(client, login, db, dave, root):
    applicant = make_user("applicant")
    applied = actions.apply_organization(acting_user=applicant, name_fa="سازمان نو", name_en="New Org")
    declined = actions.apply_organization(acting_user=applicant, name_fa="سازمان رد", name_en="Declined Org")
    actions.decide_organization(acting_user=root, organization=declined, admit=False)
    assert client.get("/orgs/no-such-org/").status_code == 404
    for org in (applied, declined):
        assert client.get(org.get_absolute_url()).status_code == 404  # visitor
        login(dave)
        assert client.get(org.get_absolute_url()).status_code == 404  # someone else
        login(applicant)
        assert client.get(org.get_absolute_url()).status_code == 200
        login(root)
        assert client.get(org.get_absolute_url()).status_code == 200
        client.logout()


def test_org_detail_queries_do_not_grow(client, login, django_assert_num_queries, org_a, rana, area):
    def add(n):
        start = Membership.objects.count()
        for i in range(n):
            user = make_user(f"m{start}-{i}")
            join(user, org_a)
            Membership.objects.create(user=make_user(f"p{start}-{i}"), organization=org_a)  # pending
            thread_actions.create_thread(
                acting_user=rana, title=f"Thread {start}-{i}", body="Body", areas=[area], on_behalf_of=org_a
            )

    add(2)
    login(rana)
    # the organization, session, user, the reader's memberships, its memberships with users,
    # its threads with authors and organizations, their areas, and the live stream's head (read
    # first, for the page's live updates), and the new posts of every listed thread
    # the reader has read before (threads.following.actions.unread_counts, one query for the list), and
    # the reader's follow level on the organization (the follow box)
    with django_assert_num_queries(10):
        assert client.get("/orgs/org-a/").status_code == 200
    add(20)
    with django_assert_num_queries(10):
        response = client.get("/orgs/org-a/")
    assert response.content.decode().count('value="approve"') == 22


# --- asking to join and deciding ---------------------------------------------------------------------


def test_membership_request_approved_by_representative_then_member_can_post(client, login, org_a, rana, dave, area):
    login(dave)
    assert client.get("/threads/new/").status_code in (302, 403)  # not a member yet
    response = client.post("/orgs/org-a/join/", {"note": "من هم هستم"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=dave, organization=org_a)
    assert membership.status == Membership.Status.PENDING
    page = client.get("/orgs/org-a/").content.decode()
    assert "org-join" in page and 'action="/orgs/org-a/join/"' not in page  # pending shown, no second form
    assert "سازمان الف" in client.get("/me/").content.decode()

    login(rana)
    page = client.get("/orgs/org-a/").content.decode()
    assert "Dave" in page and "من هم هستم" in page
    response = client.post(f"/orgs/org-a/members/{membership.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED and membership.decided_by == rana

    login(dave)
    response = client.post(
        "/threads/new/", {"title": "Dave's first thread", "body": "Hello", "areas": [area.pk], "visibility": "public"}
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    from threads.models import Thread

    assert Thread.objects.filter(author=dave, title="Dave's first thread").exists()


def test_representative_declines(client, login, org_a, rana, dave):
    membership = actions.request_membership(acting_user=dave, organization=org_a)
    login(rana)
    assert client.post(f"/orgs/org-a/members/{membership.pk}/decide/", {"decision": "decline"}).status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.DECLINED
    login(dave)
    page = client.get("/orgs/org-a/").content.decode()
    assert 'action="/orgs/org-a/join/"' not in page
    # Asking again is refused with a message, and withdrawing a declined request is refused too.
    response = client.post("/orgs/org-a/join/", {"note": ""})
    assert response.status_code == 403
    response = client.post(f"/me/memberships/{membership.pk}/leave/")
    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk, status=Membership.Status.DECLINED).exists()


def test_admin_approves_too(client, login, org_a, dave, root):
    membership = actions.request_membership(acting_user=dave, organization=org_a)
    login(root)
    assert client.post(f"/orgs/org-a/members/{membership.pk}/decide/", {"decision": "approve"}).status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED


def test_member_of_another_org_cannot_decide(client, login, org_a, bob, alice, dave):
    membership = actions.request_membership(acting_user=dave, organization=org_a)
    for person in (bob, alice):  # a member of B; an ordinary member of A
        login(person)
        response = client.post(f"/orgs/org-a/members/{membership.pk}/decide/", {"decision": "approve"})
        assert response.status_code == 403
        assert "Only this organization" in response.content.decode() or "نمایندگان" in response.content.decode()
        assert 'value="approve"' not in client.get("/orgs/org-a/").content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_decide_bad_input_and_wrong_org(client, login, org_a, org_b, rana, dave):
    membership = actions.request_membership(acting_user=dave, organization=org_a)
    login(rana)
    response = client.post(f"/orgs/org-a/members/{membership.pk}/decide/", {"decision": "maybe"})
    assert response.status_code == 400
    # A membership of A reached through B's address is not found (rana may not manage B anyway).
    assert client.post(f"/orgs/org-b/members/{membership.pk}/decide/", {"decision": "approve"}).status_code == 403
    other = actions.request_membership(acting_user=dave, organization=org_b)
    assert client.post(f"/orgs/org-a/members/{other.pk}/decide/", {"decision": "approve"}).status_code == 404
    membership.refresh_from_db()
    other.refresh_from_db()
    assert membership.status == other.status == Membership.Status.PENDING


def test_join_checks_access_and_input(client, login, org_a, dave, alice):
    assert client.post("/orgs/org-a/join/", {"note": ""}).status_code == 302  # to the login page
    assert not Membership.objects.filter(user=dave).exists()
    login(dave)
    response = client.post("/orgs/org-a/join/", {"note": "ن" * 501})
    assert response.status_code == 400
    assert ("ن" * 501) in response.content.decode()
    assert not Membership.objects.filter(user=dave).exists()
    assert client.get("/orgs/org-a/join/").status_code == 405
    applied = make_org("applied", "سازمان منتظر", "Waiting Org", status=Organization.Status.APPLIED)
    assert client.post(applied.get_absolute_url() + "join/", {"note": ""}).status_code == 404


def test_name_and_unname_representatives(client, login, org_a, rana, alice, bob):
    membership = Membership.objects.get(user=alice, organization=org_a)
    login(bob)
    assert client.post(f"/orgs/org-a/members/{membership.pk}/role/", {"role": "representative"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER
    login(rana)
    assert client.post(f"/orgs/org-a/members/{membership.pk}/role/", {"role": "chief"}).status_code == 400
    assert client.post(f"/orgs/org-a/members/{membership.pk}/role/", {"role": "representative"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.REPRESENTATIVE
    assert client.post(f"/orgs/org-a/members/{membership.pk}/role/", {"role": "member"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_leave_an_organization(client, login, org_a, alice):
    membership = Membership.objects.get(user=alice, organization=org_a)
    login(alice)
    assert client.post(f"/me/memberships/{membership.pk}/leave/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_leave_checks_access(client, login, org_a, alice, bob):
    membership = Membership.objects.get(user=alice, organization=org_a)
    login(bob)
    assert client.post(f"/me/memberships/{membership.pk}/leave/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- organizations apply; an admin admits --------------------------------------------------------


def test_org_application_admitted_by_admin_appears_in_list(client, login, dave, root):
    login(dave)
    assert client.get("/orgs/apply/").status_code == 200
    response = client.post(
        "/orgs/apply/", {"name_fa": "سازمان تازه", "name_en": "Fresh Organization", "description": "We **organize**."}
    )
    assert response.status_code == 302
    org = Organization.objects.get(name_en="Fresh Organization")
    assert org.status == Organization.Status.APPLIED and org.applied_by == dave
    assert response["Location"] == org.get_absolute_url()
    assert "Fresh Organization" not in client.get("/orgs/").content.decode()

    login(root)
    page = client.get("/orgs/applications/").content.decode()
    assert "سازمان تازه" in page and "Dave" in page
    assert client.post(f"/orgs/applications/{org.slug}/decide/", {"decision": "admit"}).status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.ADMITTED
    client.logout()
    assert "سازمان تازه" in client.get("/orgs/").content.decode()
    # The applicant now represents it.
    membership = Membership.objects.get(user=dave, organization=org)
    assert membership.is_representative


def test_admin_declines_application(client, login, dave, root):
    org = actions.apply_organization(acting_user=dave, name_fa="سازمان دیگر", name_en="Another Org")
    login(root)
    assert client.post(f"/orgs/applications/{org.slug}/decide/", {"decision": "decline"}).status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.DECLINED
    assert client.post(f"/orgs/applications/{org.slug}/decide/", {"decision": "nope"}).status_code == 400


def test_non_admin_cannot_admit(client, login, dave, rana, mona):
    org = actions.apply_organization(acting_user=dave, name_fa="سازمان منتظر", name_en="Waiting Org")
    for person in (dave, rana, mona):
        login(person)
        assert client.get("/orgs/applications/").status_code == 403
        response = client.post(f"/orgs/applications/{org.slug}/decide/", {"decision": "admit"})
        assert response.status_code == 403
        assert "admin" in response.content.decode() or "مدیر" in response.content.decode()
    org.refresh_from_db()
    assert org.status == Organization.Status.APPLIED
    client.logout()
    assert client.get("/orgs/applications/").status_code == 302  # to the login page


def test_apply_bad_input_keeps_what_was_typed(client, login, dave, org_a):
    login(dave)
    response = client.post("/orgs/apply/", {"name_fa": "", "name_en": "Half Named", "description": "About us"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Half Named"' in html and "About us" in html and "field-error" in html
    # A name already taken is refused on the field.
    response = client.post("/orgs/apply/", {"name_fa": "سازمان الف", "name_en": "Something Else"})
    assert response.status_code == 400 and "field-error" in response.content.decode()
    assert Organization.objects.count() == 1


def test_apply_checks_access(client, db):
    assert client.get("/orgs/apply/").status_code == 302
    assert client.post("/orgs/apply/", {"name_fa": "الف", "name_en": "A"}).status_code == 302
    assert not Organization.objects.exists()


def test_apply_cannot_take_a_page_address(dave):
    org = actions.apply_organization(acting_user=dave, name_fa="سازمان اپلای", name_en="Apply")
    assert org.slug not in actions.RESERVED_SLUGS


def test_pages_in_english(client, login, org_a, rana):
    client.cookies["hamgami_language"] = "en"
    login(rana)
    for url in ("/orgs/", "/orgs/org-a/", "/orgs/apply/", "/me/"):
        html = client.get(url).content.decode()
        assert '<html lang="en" dir="ltr">' in html, url
    assert "Organization A" in client.get("/orgs/").content.decode()


# --- the admin goes through the same actions ------------------------------------------------------


def test_admin_pages_and_actions(client, login, root, rana, alice, org_a, dave):
    org = actions.apply_organization(acting_user=dave, name_fa="سازمان ادمین", name_en="Admin Org")
    membership = actions.request_membership(acting_user=dave, organization=org_a)
    login(root)
    for url in (
        "/admin/accounts/organization/",
        f"/admin/accounts/organization/{org.pk}/change/",
        "/admin/accounts/membership/",
        f"/admin/accounts/membership/{membership.pk}/change/",
        f"/admin/accounts/user/{alice.pk}/change/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/admin/accounts/organization/", {"action": "admit", "_selected_action": [org.pk]}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.ADMITTED and org.decided_by == root
    client.post("/admin/accounts/membership/", {"action": "approve", "_selected_action": [membership.pk]})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.APPROVED
    response = client.post(
        f"/admin/accounts/organization/{org.pk}/change/",
        {"name_fa": "سازمان ادمين", "name_en": "Admin Org", "description_source": "*new*",
         "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    org.refresh_from_db()
    assert org.name_fa == "سازمان ادمین" and "<em>new</em>" in org.description_html
