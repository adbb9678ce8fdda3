"""Where a post's translation goes beyond the thread page (issue 20): Atom feeds in the feed's
language, emails in the recipient's, the translator's person page, the new-thread form."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.utils.html import escape

from accounts.models import User
from threads.core import actions
from threads.following import actions as following
from threads.models import Thread, Translation
from threads.translations import actions as tr_actions

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PERSIAN = "ما برای حقوق کارگران در کنار هم ایستاده‌ایم و از اتحادیه‌ها پشتیبانی می‌کنیم."
ENGLISH = "We stand together for workers' rights and support the unions."


@pytest.fixture
def volunteer(bob):
    User.objects.filter(pk=bob.pk).update(volunteers_as_translator=True)
    bob.refresh_from_db()
    return bob


@pytest.fixture
def thread(alice, area):
    return actions.create_thread(acting_user=alice, title="کارگران", body=PERSIAN, areas=[area])


@pytest.fixture
def translation(thread, volunteer):
    return tr_actions.add_or_update_translation(
        acting_user=volunteer, post=thread.posts.get(), language="en", body=ENGLISH
    )


def english(client):
    client.cookies["hamgami_language"] = "en"
    return client


def entries(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    texts = []
    for entry in feed.findall(f"{ATOM}entry"):
        element = entry.find(f"{ATOM}summary")
        texts.append((element.text if element is not None else "") or "")
    return texts


class TestFeeds:
    @pytest.mark.parametrize("url", ["/feeds/threads/{pk}/", "/feeds/", "/feeds/areas/{area}/", "/feeds/people/{handle}/"])
    def test_an_entry_shows_the_feeds_language(self, client, alice, area, thread, translation, url):
        User.objects.filter(pk=alice.pk).update(lists_posts=True)
        url = url.format(pk=thread.pk, area=area.slug, handle=alice.handle)
        english = entries(client.get(url + "?lang=en"))
        assert ENGLISH in english[0] and PERSIAN not in english[0]
        assert "Translated by" in english[0] and "Read the original" in english[0]
        original = re.search(r'href="([^"]+)"', english[0].split("Read the original")[0].rsplit("<a", 1)[1]).group(1)
        assert original.startswith("http") and original.endswith(f"/posts/{translation.post_id}/?original")
        # the original, one click away: the thread page showing the original in place of the translation
        landing = client.get(original, follow=True, headers={"accept-language": "en"})
        assert f"original={translation.post_id}#post-{translation.post_id}" in landing.redirect_chain[-1][0]
        shown = landing.content.decode().split(f'id="post-{translation.post_id}"')[1]
        assert "Show the translation" in shown and "translated by" not in shown.split("</li>")[0]
        persian = entries(client.get(url + "?lang=fa"))
        assert PERSIAN in persian[0] and ENGLISH not in persian[0]
        # no ?lang: the reader's language, as pages choose it (cookie, then Accept-Language)
        assert ENGLISH in entries(client.get(url, headers={"accept-language": "en"}))[0]
        assert ENGLISH not in entries(client.get(url, headers={"accept-language": "fa"}))[0]
        client.cookies["hamgami_language"] = "en"
        assert ENGLISH in entries(client.get(url))[0]
        assert b'xml:lang="en"' in client.get(url).content and b'xml:lang="fa"' in client.get(url + "?lang=fa").content
        assert {"accept-language", "cookie"} <= {v.strip().lower() for v in client.get(url)["Vary"].split(",")}

    def test_a_hidden_translation_is_not_in_the_feed(self, client, mona, thread, translation):
        tr_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
        entry = entries(client.get(f"/feeds/threads/{thread.pk}/?lang=en"))[0]
        assert PERSIAN in entry and ENGLISH not in entry and "Translated by" not in entry

    def test_an_outdated_translation_says_so(self, client, alice, thread, translation):
        actions.edit_post(acting_user=alice, post=thread.posts.get(), body=PERSIAN + " ویرایش شد", reason="typo")
        assert Translation.objects.get().is_outdated
        assert "outdated" in entries(client.get(f"/feeds/threads/{thread.pk}/?lang=en"))[0]

    @pytest.mark.parametrize("url", ["/feeds/threads/{pk}/", "/feeds/", "/feeds/people/{handle}/"])
    def test_the_self_link_keeps_the_feeds_language(self, client, alice, thread, url):
        # A feed reader refreshes from rel="self": without ?lang= it would get the other language.
        url = url.format(pk=thread.pk, handle=alice.handle)
        feed = ET.fromstring(client.get(url + "?lang=en").content)
        assert {link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"} == {
            "http://testserver" + url + "?lang=en"
        }
        plain = ET.fromstring(client.get(url).content)
        assert {link.get("href") for link in plain.findall(f"{ATOM}link") if link.get("rel") == "self"} == {
            "http://testserver" + url
        }

    def test_an_unknown_language_is_a_404(self, client, thread):
        assert client.get(f"/feeds/threads/{thread.pk}/?lang=de").status_code == 404

    def test_members_only_translations_never_reach_a_feed(self, client, alice, volunteer, members_thread):
        tr_actions.add_or_update_translation(
            acting_user=volunteer, post=members_thread.posts.get(), language="fa", body="متن محرمانه ترجمه شده"
        )
        client.force_login(alice)
        for url in ("/feeds/?lang=fa", f"/feeds/threads/{members_thread.pk}/?lang=fa"):
            response = client.get(url)
            assert "محرمانه" not in response.content.decode()

    @pytest.mark.parametrize(("url", "queries"), [
        ("/feeds/threads/{pk}/?lang=en", 3),  # the thread, its posts (+authors, orgs), their translations
        ("/feeds/?lang=en", 3),  # threads (+authors, orgs), their opening posts, their translations
    ])
    def test_feed_queries_do_not_grow(self, client, alice, area, volunteer, thread, django_assert_num_queries, url, queries):
        def add(n):
            for i in range(n):
                post = actions.create_post(acting_user=alice, thread=thread, body=f"{PERSIAN} {Translation.objects.count()} {i}")
                other = actions.create_thread(acting_user=alice, title=f"t{i}", body=f"{PERSIAN} {post.pk}", areas=[area])
                for item in (post, other.posts.get()):
                    tr_actions.add_or_update_translation(acting_user=volunteer, post=item, language="en",
                                                         body=f"{ENGLISH} {item.pk}")

        url = url.format(pk=thread.pk)
        add(2)
        client.get(url)
        with django_assert_num_queries(queries):
            client.get(url)
        add(8)
        client.get(url)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.content.decode().count("Translated by") >= 10


class TestEmails:
    """The recipient's language is their notification preference (FollowPreferences.language)."""

    def reply(self, thread, author, body, *, translation=""):
        return tr_actions.create_post_with_translation(acting_user=author, thread=thread, body=body,
                                                       translation=translation)

    def test_an_immediate_email_carries_the_recipients_language(
        self, alice, dave, rana, thread, django_capture_on_commit_callbacks
    ):
        following.save_preferences(acting_user=alice, email="immediate", watch_when_posting=True, language="en")
        following.save_preferences(acting_user=dave, email="immediate", watch_when_posting=True, language="fa")
        following.follow(acting_user=dave, target=thread, level="watching")
        with django_capture_on_commit_callbacks(execute=True):
            post = self.reply(thread, rana, PERSIAN + " پاسخ", translation=ENGLISH + " A reply.")
        to = {m.to[0]: m.body for m in mail.outbox}
        english, persian = to["alice@example.org"], to["dave@example.org"]
        assert "A reply." in english and "پاسخ" not in english
        assert f"translated by {rana.public_name}" in english and f"/posts/{post.pk}/?original" in english
        assert "پاسخ" in persian and "A reply." not in persian and "?original" not in persian

    def test_the_digest_carries_the_recipients_language(self, alice, rana, volunteer, thread,
                                                         django_capture_on_commit_callbacks):
        following.save_preferences(acting_user=alice, email="daily", watch_when_posting=True, language="en")
        with django_capture_on_commit_callbacks(execute=True):
            post = actions.create_post(acting_user=rana, thread=thread, body=PERSIAN + " برای خلاصه")
        tr_actions.add_or_update_translation(acting_user=volunteer, post=post, language="en", body="For the digest.")
        assert following.send_digests() >= 1
        body = next(m.body for m in mail.outbox if m.to == ["alice@example.org"])
        assert "For the digest." in body and "برای خلاصه" not in body and "translated by" in body

    def test_a_members_only_translation_reaches_members_only(
        self, alice, dave, rana, volunteer, members_thread, django_capture_on_commit_callbacks
    ):
        following.save_preferences(acting_user=rana, email="daily", watch_when_posting=True, language="fa")
        following.save_preferences(acting_user=dave, email="daily", watch_when_posting=True, language="fa")
        following.follow(acting_user=rana, target=members_thread, level="watching")
        with django_capture_on_commit_callbacks(execute=True):
            post = actions.create_post(acting_user=alice, thread=members_thread, body="Secret text @dave")
        tr_actions.add_or_update_translation(acting_user=volunteer, post=post, language="fa", body="متن محرمانه ترجمه")
        following.send_digests()
        to = {m.to[0]: m.body for m in mail.outbox}
        assert "متن محرمانه ترجمه" in to["rana@example.org"] and "Secret text" not in to["rana@example.org"]
        assert "محرمانه" not in to.get("dave@example.org", "") and "Secret" not in to.get("dave@example.org", "")

    def test_a_hidden_translation_is_not_emailed(self, alice, mona, rana, volunteer, thread,
                                                 django_capture_on_commit_callbacks):
        following.save_preferences(acting_user=alice, email="daily", watch_when_posting=True, language="en")
        with django_capture_on_commit_callbacks(execute=True):
            post = actions.create_post(acting_user=rana, thread=thread, body=PERSIAN + " دوم")
        item = tr_actions.add_or_update_translation(acting_user=volunteer, post=post, language="en", body="Second.")
        tr_actions.hide_translation(acting_user=mona, translation=item, reason="Wrong")
        following.send_digests()
        body = next(m.body for m in mail.outbox if m.to == ["alice@example.org"])
        assert "دوم" in body and "Second." not in body and "translated by" not in body


class TestPersonPage:
    def test_a_volunteer_is_marked_and_their_translations_listed(self, client, volunteer, translation, dave):
        english(client)
        page = client.get(f"/people/{volunteer.handle}/").content.decode()
        assert "volunteer translator" in page and "Recent translations" in page
        assert "We stand together" in page and f"/posts/{translation.post_id}/" in page
        assert f"/translations/{translation.pk}/history/" in page
        # not a volunteer: no mark (someone who translated only their own posts is listed still)
        User.objects.filter(pk=volunteer.pk).update(volunteers_as_translator=False)
        page = client.get(f"/people/{volunteer.handle}/").content.decode()
        assert "volunteer translator" not in page and "We stand together" in page

    def test_members_only_and_hidden_translations_never_leak(self, client, alice, dave, mona, volunteer,
                                                            translation, members_thread):
        tr_actions.add_or_update_translation(
            acting_user=volunteer, post=members_thread.posts.get(), language="fa", body="متن محرمانه ترجمه شده"
        )
        url = f"/people/{volunteer.handle}/"
        for reader in (None, dave):  # a visitor, a signed-in reader who is no member
            if reader:
                client.force_login(reader)
            page = english(client).get(url).content.decode()
            assert "محرمانه" not in page and members_thread.title not in page and "We stand together" in page
        client.force_login(alice)
        page = english(client).get(url).content.decode()
        assert "محرمانه" in page and "members only" in page
        tr_actions.hide_translation(acting_user=mona, translation=translation, reason="Wrong")
        assert "We stand together" not in english(client).get(url).content.decode()

    def test_a_person_who_does_not_list_posts_lists_no_translations(self, client, dave, volunteer, translation):
        User.objects.filter(pk=volunteer.pk).update(lists_posts=False)
        client.force_login(dave)
        page = english(client).get(f"/people/{volunteer.handle}/").content.decode()
        assert "We stand together" not in page and "volunteer translator" in page

    def test_person_page_queries_do_not_grow_with_translations(
        self, client, alice, dave, volunteer, area, django_assert_num_queries
    ):
        def translate_some(n):
            for _ in range(n):
                i = Translation.objects.count()
                thread = actions.create_thread(acting_user=alice, title=f"t{i}", body=f"{PERSIAN} {i}", areas=[area])
                tr_actions.add_or_update_translation(acting_user=volunteer, post=thread.posts.get(), language="en",
                                                     body=f"{ENGLISH} {i}")

        client.force_login(dave)
        translate_some(2)
        url = f"/people/{volunteer.handle}/"
        client.get(url)
        # as tests/following/test_people.py pins it: the translations are one query
        with django_assert_num_queries(9):
            client.get(url)
        translate_some(12)
        with django_assert_num_queries(9):
            page = english(client).get(url).content.decode()
        assert page.count('class="snippet" dir="auto" lang="en"') == 10  # the ten most recent


class TestNewThreadWithTranslation:
    def data(self, area, **extra):
        return {"title": "کارگران", "body": PERSIAN, "areas": [area.pk], "visibility": "public", **extra}

    def test_the_form_offers_it_in_a_details(self, client, alice):
        client.force_login(alice)
        page = english(client).get("/threads/new/").content.decode()
        details = page.split('<details class="translation-box">')[1].split("</details>")[0]
        assert "Add a translation of the opening post (optional)" in details
        assert 'name="translation-body"' in details and 'name="translation-language"' in details

    def test_a_thread_starts_with_its_translation(self, client, alice, dave, area):
        client.force_login(alice)
        response = client.post("/threads/new/", self.data(area, **{"translation-body": ENGLISH}))
        assert response.status_code == 302
        item = Translation.objects.get()
        assert item.language == "en" and item.translator == alice and item.body_source == ENGLISH
        assert item.post.thread.title == "کارگران" and item.revisions.count() == 1
        client.force_login(dave)
        assert ENGLISH in english(client).get(response["Location"]).content.decode()

    def test_the_language_may_be_named(self, client, alice, area):
        client.force_login(alice)
        data = {"title": "Workers", "body": ENGLISH, "areas": [area.pk], "visibility": "public",
                "translation-language": "fa", "translation-body": PERSIAN}
        assert client.post("/threads/new/", data).status_code == 302
        assert Translation.objects.get().language == "fa"

    @pytest.mark.parametrize(("extra", "message", "field"), [
        ({"translation-body": PERSIAN}, "identical to the original", "translation-body"),
        ({"translation-body": ENGLISH, "translation-language": "fa"}, "already in this language",
         "translation-language"),
        ({"translation-body": ENGLISH, "translation-language": "de"}, "Choose the language", "translation-language"),
    ])
    def test_a_refused_translation_writes_nothing_and_keeps_both_texts(self, client, alice, area, extra, message, field):
        client.force_login(alice)
        response = english(client).post("/threads/new/", self.data(area, **extra))
        page = response.content.decode()
        assert response.status_code == 400 and message in page
        assert not Thread.objects.exists() and not Translation.objects.exists()
        assert PERSIAN in page and escape(extra["translation-body"]) in page  # both texts kept
        assert '<details class="translation-box" open>' in page and f'id="id_{field}"' in page

    def test_a_suspended_translator_still_starts_threads_but_not_translations(self, client, alice, mona, area):
        tr_actions.suspend_translator(acting_user=mona, user=alice, reason="Careless")
        client.force_login(alice)
        response = english(client).post("/threads/new/", self.data(area, **{"translation-body": ENGLISH}))
        assert response.status_code == 400 and "translat" in response.content.decode().split("form-errors")[1][:600]
        assert not Translation.objects.exists()
        assert client.post("/threads/new/", self.data(area)).status_code == 302
