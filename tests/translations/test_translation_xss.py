"""The XSS corpus (tests/security/xss_corpus.txt) over translations (issue 20): every input saved
as the English translation of a Persian post, checked in what is stored (the translation and its
revision) and in the thread page an English reader gets, compared with the same page holding a
benign translation (tests/security/hostile.py says exactly what is asserted)."""

import pytest
from django.core.exceptions import ValidationError

from forum.errors import ActionRefused
from tests.security.conftest import age_accounts
from tests.security.hostile import CORPUS, assert_safe_fragment, assert_safe_page, dangerous_counts
from threads.core import actions
from accounts.models import User
from threads.models import Translation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db
BENIGN = "Ordinary words, nothing more"


def test_corpus_through_translations(client, alice, bob, area):
    age_accounts()
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    thread = actions.create_thread(acting_user=alice, title="ترجمه", body="متنی به فارسی برای ترجمه", areas=[area])
    post = thread.posts.get()
    client.cookies["hamgami_language"] = "en"
    url = thread.get_absolute_url()

    def save(text):
        current = Translation.objects.filter(post=post).first()
        return tr_actions.add_or_update_translation(
            acting_user=bob, post=post, language="en", body=text, version=current.version if current else 0
        )

    save(BENIGN)
    baseline = dangerous_counts(client.get(url).content.decode())
    assert "translated by" in client.get(url).content.decode()
    accepted = 0
    for text in CORPUS:
        try:
            saved = save(text)
        except (ValidationError, ActionRefused):
            continue  # empty once cleaned, too long: nothing stored
        accepted += 1
        assert_safe_fragment(saved.body_html, f"stored {text!r}")
        assert_safe_fragment(saved.revisions.order_by("-number").first().body_html, f"revision of {text!r}")
        response = client.get(url)
        assert response.status_code == 200
        assert_safe_page(response.content.decode(), baseline, f"{url} with {text!r}")
    assert accepted >= 200, f"only {accepted} inputs were accepted"
