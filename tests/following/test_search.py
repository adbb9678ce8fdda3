"""Search (issue 7): Persian folding on both sides, permissions, hostile queries, pinned queries.

Run on SQLite (FTS5) and on PostgreSQL (DATABASE_URL=postgres://…): the same assertions hold.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from forum.text import fold_for_search
from threads.moderation import actions as moderation_actions
from threads.core import actions
from threads.following import search
from threads.models import SearchDocument

ZWNJ = "\u200c"

# (as written, as typed): each pair must be found both ways.
PAIRS = [
    ("علي", "علی"),  # Arabic yeh / Persian yeh
    ("كتاب", "کتاب"),  # Arabic kaf / Persian keheh
    ("مدرسة", "مدرسه"),  # teh marbuta / heh
    ("خانۀ", "خانهٔ"),  # heh with yeh above / heh + hamza above
    ("خانۀ", "خانه"),
    (f"می{ZWNJ}خواهیم", "می خواهیم"),  # ZWNJ / space
    (f"می{ZWNJ}خواهیم", "میخواهیم"),  # ZWNJ / nothing
    ("۱۴۰۳", "1403"),  # Persian / Latin digits
    ("٢٠٢٤", "۲۰۲۴"),  # Arabic-Indic / Persian digits
    ("٢٠٢٤", "2024"),
    ("مُبارِزه", "مبارزه"),  # fatha, kasra
    ("کارگرٌ", "کارگر"),  # tanwin
    ("همّت", "همت"),  # shadda
    ("حزبْ", "حزب"),  # sukun
    ("اتحـــاد", "اتحاد"),  # kashida
    ("Solidarité", "solidarite"),  # Latin accents and case
]


def test_folding_table_is_symmetric():
    for written, typed in PAIRS:
        if ZWNJ not in written:  # ZWNJ pairs are matched by the query's alternatives (below)
            assert search.tokens(written) == search.tokens(typed), (written, typed)


def test_folding_details():
    assert fold_for_search("ي ك ة ۀ") == "ی ک ه ه"
    assert fold_for_search("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩") == "01234567890123456789"
    assert fold_for_search(f"نیم{ZWNJ}فاصله") == "نیم فاصله"
    assert fold_for_search("") == ""


@pytest.fixture
def write(alice, area):
    def _write(text, **extra):
        return actions.create_thread(acting_user=alice, title="Notes", body=text, areas=[area], **extra)

    return _write


def found(user, query, **filters) -> list[int]:
    return [p.thread_id for p in search.search_posts(user, query, search.Filters(**filters))]


@pytest.mark.django_db
@pytest.mark.parametrize("written,typed", PAIRS)
def test_each_pair_is_found_both_ways(write, dave, written, typed):
    one = write(f"در این متن {written} آمده است")
    other = write(f"و در این یکی {typed} نوشته شد")
    assert one.pk in found(dave, typed)
    assert other.pk in found(dave, written)


@pytest.mark.django_db
def test_title_edit_and_reindex(write, alice, dave):
    thread = write("body text", title_unused=None) if False else write("body text")
    assert thread.pk in found(dave, "notes")  # the title is indexed with the opening post
    post = thread.posts.get()
    actions.edit_post(acting_user=alice, post=post, body="completely different words")
    assert found(dave, "body") == []
    assert found(dave, "different") == [thread.pk]
    SearchDocument.objects.all().delete()
    call_command("reindex_search", stdout=open("/dev/null", "w"))
    assert found(dave, "different") == [thread.pk]
    assert found(dave, "notes") == [thread.pk]


@pytest.mark.django_db
def test_permissions(write, alice, bob, dave, mona, client):
    public = write("شورای همبستگی عمومی")
    secret = write("شورای همبستگی درونی", visibility="members")
    hidden = actions.create_post(acting_user=bob, thread=public, body="همبستگی پنهان")
    moderation_actions.hide_post(acting_user=mona, post=hidden, reason="spam")
    anonymous = None
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert found(anonymous, "همبستگی") == [public.pk]
    assert found(dave, "همبستگی") == [public.pk]
    assert sorted(found(alice, "همبستگی")) == sorted([public.pk, secret.pk])
    assert len(found(mona, "همبستگی")) == 3  # the hidden reply too
    assert found(alice, "پنهان") == []  # hidden: moderators only
    assert found(mona, "پنهان") == [public.pk]
    # The page: no trace of the members-only thread, its text or its count for a visitor.
    response = client.get("/search/", {"q": "درونی"})
    assert response.status_code == 200
    assert "درونی" not in response.content.decode().split("</form>", 1)[1].replace('value="درونی"', "")
    assert "secret" not in response.content.decode()
    client.force_login(alice)
    assert "<mark>درونی</mark>" in client.get("/search/", {"q": "دروني"}).content.decode()


@pytest.mark.django_db
def test_filters(write, alice, rana, org_a, bob, area, dave):
    from threads.models import Area

    other_area = Area.objects.get(number=2)
    first = write("زمین مشترک")
    second = actions.create_thread(acting_user=rana, title="دوم", body="زمین دیگر", areas=[other_area], on_behalf_of=org_a)
    assert sorted(found(dave, "زمین")) == sorted([first.pk, second.pk])
    assert found(dave, "زمین", area=other_area.slug) == [second.pk]
    assert found(dave, "زمین", organization=org_a.slug) == [second.pk]
    assert found(dave, "زمین", author="alice") == [first.pk]
    assert found(dave, "زمین", kind="debate") == []
    from datetime import date, timedelta

    assert found(dave, "زمین", since=date.today() + timedelta(days=2)) == []


HOSTILE = [
    "", "   ", '"', '""', "'", "*", "-", "- -", "OR", "a OR b", "NOT", "AND", "NEAR(a b)", "(", ")", "()",
    "a*", "^a", "text:a", "{a b}", ":", "col:", "\\", "%", "_", "a" * 5000, "همبستگی " * 500,
    "\ud800", "\x00", "\u200c", "ـــ", "🙂", "<script>alert(1)</script>", "'; DROP TABLE x; --",
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_error(write, client, query):
    write("literal text with OR and NOT and NEAR inside")
    if query != "\ud800":  # a lone surrogate cannot even be sent; see the malformed bytes below
        response = client.get("/search/", {"q": query, "since": "not a date", "area": "nope", "page": "x"})
        assert response.status_code == 200
    search.search_posts(None, query)  # also straight through the query function


@pytest.mark.django_db
def test_malformed_utf8_in_the_url(client):
    assert client.get("/search/?q=%ff%fe%ED%A0%80abc&page=99999").status_code == 200


@pytest.mark.django_db
def test_operators_are_literal_words(write, dave):
    thread = write("literal text with OR and NOT inside")
    assert found(dave, "OR") == [thread.pk]
    assert found(dave, "text NOT") == [thread.pk]
    assert found(dave, '"literal"') == [thread.pk]
    assert found(dave, "nothing OR literal") == []  # every word must appear: OR is a word here


@pytest.mark.django_db
def test_snippet_is_escaped_and_highlighted(write, client):
    write("<b>bold</b> and a <script>x</script> next to همبستگی " + "filler " * 100)
    body = client.get("/search/", {"q": "همبستگي"}).content.decode()
    assert "<mark>همبستگی</mark>" in body
    assert "<script>x" not in body


@pytest.mark.django_db
def test_it_works_and_query_count_does_not_grow(write, client, login, alice, django_assert_num_queries):
    write("همبستگی " * 3)
    login(alice)
    # session, user, memberships, organizations (filter), areas (filter), count, page of results
    with django_assert_num_queries(7):
        assert client.get("/search/", {"q": "همبستگی"}).status_code == 200
    for n in range(30):
        write(f"همبستگی شماره {n}")
    with django_assert_num_queries(7):
        response = client.get("/search/", {"q": "همبستگی"})
    assert response.context["results"].paginator.count == 31


def test_engine_index_exists(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [search.FTS_TABLE])
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = %s", [search.PG_INDEX])
        assert cursor.fetchone()


# --- affixes written with ZWNJ, space or nothing (issue 18) ----------------------------------------

AFFIX_SPELLINGS = [
    (f"تشکل{ZWNJ}ها", "تشکل ها", "تشکلها"),
    (f"تشکل{ZWNJ}های", "تشکل های", "تشکلهای"),
    (f"می{ZWNJ}کنیم", "می کنیم", "میکنیم"),
    (f"نمی{ZWNJ}کنیم", "نمی کنیم", "نمیکنیم"),
    (f"همه{ZWNJ}ی", "همه ی", "همهی"),
    (f"خانه{ZWNJ}ای", "خانه ای", "خانهای"),
    (f"کتاب{ZWNJ}هایی", "کتاب هایی", "کتابهایی"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("spellings", AFFIX_SPELLINGS)
def test_affixes_find_each_other_however_joined(write, dave, spellings):
    threads = [write(f"در این متن {spelling} آمده است") for spelling in spellings]
    for typed in spellings:
        result = found(dave, typed)
        assert all(t.pk in result for t in threads), (typed, spellings)


@pytest.mark.django_db
def test_joined_plural_finds_the_stem_and_highlights_it(write, dave):
    plural = write(f"همهٔ تشکل{ZWNJ}های ائتلاف")
    assert plural.pk in found(dave, "تشکلها") and plural.pk in found(dave, "تشکل")
    assert "<mark>" in search.highlight(f"همهٔ تشکل{ZWNJ}های ائتلاف", search.query_terms("تشکلها"), whole=True)
