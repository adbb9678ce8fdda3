"""Organizations applying to join (issue 19): admins are told (bell and email), the header counts
what waits for them, and the applicant hears the decision and its reason."""

import pytest
from django.core import mail

from accounts import actions as account_actions
from accounts.models import Organization
from threads.models import FollowPreferences, Notification

pytestmark = pytest.mark.django_db


def apply(user, name="Workers United", name_fa="کارگران متحد"):
    return account_actions.apply_organization(acting_user=user, name_fa=name_fa, name_en=name, description="Us")


def test_admins_are_notified_of_a_new_application_by_bell_and_email(
    client, root, dave, mona, django_capture_on_commit_callbacks
):
    FollowPreferences.objects.update_or_create(user=root, defaults={"email": FollowPreferences.Email.IMMEDIATE})
    with django_capture_on_commit_callbacks(execute=True):
        org = apply(dave)
    notes = Notification.objects.filter(kind="org_applied")
    assert [n.user_id for n in notes] == [root.pk]  # admins only: not the moderator, not the applicant
    assert notes.get().organization == org and notes.get().actor == dave
    assert any(root.email in message.to for message in mail.outbox)
    client.force_login(root)
    page = client.get("/notifications/").content.decode()
    assert "Workers United" in page or "کارگران متحد" in page
    assert 'href="/orgs/applications/"' in page


def test_the_header_counts_waiting_applications_for_admins_only(client, root, dave, alice):
    apply(dave)
    apply(dave, "Another Group", "گروهی دیگر")
    client.force_login(root)
    header = client.get("/").content.decode().split("</header>")[0]
    assert 'class="applications-link"' in header and "۲" in header
    client.force_login(alice)
    assert 'class="applications-link"' not in client.get("/").content.decode()


def test_the_applicant_is_told_the_decision_and_its_reason(client, root, dave):
    org = apply(dave)
    client.force_login(root)
    response = client.post(f"/orgs/applications/{org.slug}/decide/", {"decision": "decline", "reason": "Not a left group"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.DECLINED
    client.force_login(dave)
    page = client.get("/notifications/").content.decode()
    assert "Not a left group" in page
    note = Notification.objects.get(user=dave, kind="moderation")
    assert note.action.reason == "Not a left group"
