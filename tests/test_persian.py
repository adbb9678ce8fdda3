"""Persian text: alphabetical order, Arabic letter forms, Persian digits and Jalali dates."""

import datetime
import random
import re
import zoneinfo
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts import actions as people_actions
from forum.text import english_sort_key, normalize_persian, persian_sort_key, sorted_by_name
from threads.core import actions
from forum.formats import calendar_date, num
from threads.templatetags.hamgami import when

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")
TORONTO = zoneinfo.ZoneInfo("America/Toronto")
UTC = datetime.timezone.utc

# (Persian order, expected) pairs from shared/persian-order.md, where code-point order differs or
# where Arabic letter forms must sort as their Persian ones.
PAIRS = [
    ("پارسا", "تینا"),
    ("چمران", "حسینی"),
    ("ژاله", "سحر"),
    ("گلشیری", "لاهوتی"),
    ("وحید", "هما"),
    ("كامران", "کاوه"),  # Arabic kaf first: ك sorts as ک, then م before و
    ("یاسمن", "يوسف"),  # Arabic yeh second: ي sorts as ی
]

SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "declaration-2016.fa.txt"

# The six signatories of the founding declaration, "in alphabetical order", word for word.
SIGNATORIES = [
    "اتحاد چپ ایرانیان واشنگتن",
    "اتحاد چپ ایرانیان ونکوور",
    "اتحاد چپ سوسیالیستی ایرانیان",
    "بخشی از فعالین چپ در لس آنجلس",
    "کمیته ایرانیان چپ- شیکاگو",
    "کمیته یادمان کشتار زندانیان سیاسی دهه شصت در ایران – مونتریال",
]


class Named:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


# --- alphabetical order -----------------------------------------------------------------------


@pytest.mark.parametrize("first, second", PAIRS)
def test_persian_pairs(first, second):
    assert persian_sort_key(first) < persian_sort_key(second)
    assert [n.name for n in sorted_by_name([Named(second), Named(first)], language="fa")] == [first, second]


def test_the_pairs_are_not_code_point_order():
    """The cases are worth something only where a naive sort gets them wrong (or they are letter forms)."""
    wrong = [pair for pair in PAIRS if sorted(pair) != list(pair)]
    assert len(wrong) >= 6


def test_all_pair_names_together():
    names = ["پارسا", "تینا", "چمران", "حسینی", "ژاله", "سحر", "كامران", "کاوه", "گلشیری", "لاهوتی", "وحید", "هما", "یاسمن", "يوسف"]
    assert set(names) == {name for pair in PAIRS for name in pair}
    assert sorted(names) != names  # code-point order gets them wrong
    shuffled = names[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=persian_sort_key) == names


def test_the_six_signatories_in_their_original_order():
    if SEED.exists():
        text = normalize_persian(SEED.read_text(encoding="utf-8"))
        listed = [line.strip()[2:].strip() for line in text.splitlines() if line.strip().startswith("- ")]
        assert listed == SIGNATORIES
    for seed in range(5):
        shuffled = SIGNATORIES[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=persian_sort_key) == SIGNATORIES
        assert [n.name for n in sorted_by_name([Named(s) for s in shuffled], language="fa")] == SIGNATORIES


def test_alef_madda_sorts_with_alef_and_after_it_on_a_tie():
    assert sorted(["آبی", "ابر", "آب", "اب"], key=persian_sort_key) == ["اب", "آب", "ابر", "آبی"]


def test_space_and_zwnj_separate_words():
    # "می‌رود" (with ZWNJ) and "می رود" sort before "میا…": the word ends first
    assert persian_sort_key("می\u200cرود") < persian_sort_key("میانه")
    assert persian_sort_key("می رود") < persian_sort_key("میانه")


def test_english_order_is_case_insensitive():
    names = ["zeta", "Alpha", "beta", "Émile", "eve", "Bob"]
    assert sorted(names, key=english_sort_key) == ["Alpha", "beta", "Bob", "Émile", "eve", "zeta"]
    assert [n.name for n in sorted_by_name([Named(x) for x in names], language="en")] == [
        "Alpha", "beta", "Bob", "Émile", "eve", "zeta",
    ]


def test_mixed_list_follows_the_readers_language():
    names = [Named("Zed"), Named("زهره"), Named("Ali"), Named("آرش")]
    assert [n.name for n in sorted_by_name(names, language="fa")][:2] == ["آرش", "زهره"]
    with translation.override("fa"):
        assert [n.name for n in sorted_by_name(names)] == ["آرش", "زهره", "Ali", "Zed"]
    with translation.override("en"):
        assert [n.name for n in sorted_by_name(names)][:2] == ["Ali", "Zed"]


# --- letter forms -----------------------------------------------------------------------------


def test_normalize_persian():
    assert normalize_persian("علي كريمي") == "علی کریمی"
    assert normalize_persian("سال ٢٠١٦") == "سال ۲۰۱۶"
    assert normalize_persian("") == ""
    assert normalize_persian("Plain English") == "Plain English"


@pytest.mark.django_db
def test_thread_titles_and_tags_are_stored_in_persian_forms(alice, area):
    thread = actions.create_thread(
        acting_user=alice, title="همكاري چپ  ايراني", body="متن", areas=[area], tags=["كارگري", "كارگری"]
    )
    thread.refresh_from_db()
    assert thread.title == "همکاری چپ ایرانی"
    assert [t.name for t in thread.tags.all()] == ["کارگری"]  # the two forms are one tag


@pytest.mark.django_db
def test_thread_title_through_the_site_is_stored_in_persian_forms(client, login, alice, area):
    login(alice)
    response = client.post(
        "/threads/new/", {"title": "يك بحث", "body": "b", "areas": [area.pk], "visibility": "public"}
    )
    assert response.status_code == 302
    assert alice.threads.get().title == "یک بحث"


@pytest.mark.django_db
def test_display_names_are_stored_in_persian_forms(dave):
    people_actions.update_profile(acting_user=dave, display_name="  علي   كاظمي ")
    dave.refresh_from_db()
    assert dave.display_name == "علی کاظمی"


# --- digits -----------------------------------------------------------------------------------


def test_num_in_persian_and_english():
    with translation.override("fa"):
        assert num(1234567) == "۱٬۲۳۴٬۵۶۷"
        assert num(0) == "۰"
        assert num(7) == "۷"
        assert num("12") == "۱۲"
        assert num(None) == ""
        assert num(3.5) == "۳٫۵"
    with translation.override("en"):
        assert num(1234567) == "1,234,567"
        assert num(7) == "7"


def test_num_in_a_template():
    template = Template("{% load hamgami %}{{ n|num }}")
    with translation.override("fa"):
        assert template.render(Context({"n": 2016})) == "۲٬۰۱۶"
    with translation.override("en"):
        assert template.render(Context({"n": 2016})) == "2,016"


# --- Jalali dates -----------------------------------------------------------------------------

# Nowruz 1404 fell on 21 March 2025 (the equinox came after noon, Tehran time, on the 20th).
BEFORE_NOWRUZ = datetime.datetime(2025, 3, 20, 12, 0, tzinfo=UTC)  # 15:30 in Tehran, 08:00 in Toronto
NEAR_MIDNIGHT = datetime.datetime(2025, 3, 20, 22, 30, tzinfo=UTC)  # 02:00 on the 21st in Tehran, 18:30 on the 20th in Toronto
AFTER_NOWRUZ = datetime.datetime(2025, 3, 21, 12, 0, tzinfo=UTC)


def test_jalali_year_boundary_in_tehran():
    with timezone.override(TEHRAN), translation.override("fa"):
        assert calendar_date(BEFORE_NOWRUZ) == "۳۰ اسفند ۱۴۰۳، ۱۵:۳۰"
        assert calendar_date(NEAR_MIDNIGHT) == "۱ فروردین ۱۴۰۴، ۰۲:۰۰"
        assert calendar_date(AFTER_NOWRUZ, False) == "۱ فروردین ۱۴۰۴"


def test_jalali_date_follows_the_local_time_zone():
    """The same moment is still 30 Esfand 1403 in Toronto (the site's time zone)."""
    with timezone.override(TORONTO), translation.override("fa"):
        assert calendar_date(NEAR_MIDNIGHT) == "۳۰ اسفند ۱۴۰۳، ۱۸:۳۰"
        assert calendar_date(AFTER_NOWRUZ) == "۱ فروردین ۱۴۰۴، ۰۸:۰۰"


def test_settings_time_zone_is_used_by_default(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    with translation.override("fa"):
        assert calendar_date(NEAR_MIDNIGHT, False) == "۱ فروردین ۱۴۰۴"
    settings.TIME_ZONE = "America/Toronto"
    with translation.override("fa"):
        assert calendar_date(NEAR_MIDNIGHT, False) == "۳۰ اسفند ۱۴۰۳"


def test_gregorian_in_english():
    with timezone.override(TEHRAN), translation.override("en"):
        assert calendar_date(NEAR_MIDNIGHT) == "21 March 2025, 02:00"
        assert calendar_date(BEFORE_NOWRUZ, False) == "20 March 2025"


def test_when_gives_a_time_element():
    with timezone.override(TEHRAN), translation.override("fa"):
        html = when(NEAR_MIDNIGHT, "calendar")
        assert 'datetime="2025-03-21T02:00:00+03:30"' in html
        assert ">۱ فروردین ۱۴۰۴، ۰۲:۰۰</time>" in html
        assert 'title="۱ فروردین ۱۴۰۴، ۰۲:۰۰ — ۲۰۲۵-۰۳-۲۱ ۰۲:۰۰"' in html
    with timezone.override(TEHRAN), translation.override("en"):
        html = when(NEAR_MIDNIGHT, "calendar")
        assert ">21 March 2025, 02:00</time>" in html


def test_when_relative_in_persian_digits():
    now = timezone.now()
    with translation.override("fa"):
        html = when(now - datetime.timedelta(minutes=5))
        assert 'data-relative="1"' in html
        text = re.search(r">([^<]*)</time>", html).group(1)
        assert "۵" in text and "5" not in text
        # older than a month: the Jalali date
        old = when(datetime.datetime(2025, 3, 21, 12, 0, tzinfo=UTC))
        assert "فروردین ۱۴۰۴" in old
    with translation.override("en"):
        assert "5 minutes ago" in when(now - datetime.timedelta(minutes=5))


@pytest.mark.django_db
def test_thread_page_shows_jalali_dates_and_persian_digits(client, alice, area, settings):
    settings.TIME_ZONE = "Asia/Tehran"
    thread = actions.create_thread(acting_user=alice, title="نوروز", body="متن", areas=[area])
    from threads.models import Thread

    Thread.objects.filter(pk=thread.pk).update(created_at=NEAR_MIDNIGHT)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "۱ فروردین ۱۴۰۴، ۰۲:۰۰" in html
    html = client.get("/").content.decode()
    assert 'class="area-number" aria-hidden="true">۱<' in html
    client.cookies["hamgami_language"] = "en"
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "21 March 2025, 02:00" in html


@pytest.mark.django_db
def test_organization_checkboxes_follow_the_readers_alphabet():
    """Forms that tick organizations (invitations, debate participants) list them in the reader's order."""
    from accounts.models import Organization
    from forum.forms import OrganizationsField

    for name_fa, name_en in (("تینا", "Alpha"), ("پارسا", "Zeta")):
        Organization.objects.create(slug=name_en.lower(), name_fa=name_fa, name_en=name_en, status="admitted")
    field = OrganizationsField(queryset=Organization.objects.all())
    with translation.override("fa"):
        assert [label for _value, label in field.choices] == ["پارسا", "تینا"]
    with translation.override("en"):
        assert [label for _value, label in field.choices] == ["Alpha", "Zeta"]


# --- the language of a person's text ----------------------------------------------------------


@pytest.mark.parametrize(
    "text, language",
    [
        ("همگامی حول اشتراکات", "fa"),
        ("We agree on most of it.", "en"),
        ("<p dir=\"auto\">رفقا، <strong>موافقیم</strong></p>", "fa"),  # markup is not counted
        ("Chicago: ما موافقیم و فراخوان را امضا می‌کنیم", "fa"),
        ("۱۲۳ 456 …", ""),
    ],
)
def test_guess_language(text, language):
    from forum.text import guess_language

    assert guess_language(text) == language


def test_posts_carry_the_language_they_are_written_in(client, alice, public_thread):
    from threads.core import actions

    actions.create_post(acting_user=alice, thread=public_thread, body="رفقا، با این پیشنهاد موافقیم.")
    actions.create_post(acting_user=alice, thread=public_thread, body="Comrades, we agree with this.")
    html = client.get(public_thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # the direction follows the language too, decided by the dominant script (issue 18)
    assert '<div class="post-body" dir="rtl" lang="fa">' in html
    assert '<div class="post-body" dir="ltr" lang="en">' in html
