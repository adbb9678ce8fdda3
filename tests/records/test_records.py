"""The record, published (issue 21): a concluded debate and a published joint statement as PDF,
Markdown and JSON, made once after the commit, stored, served with ETag and caching, superseded by
a correction; the access rules; the links on the pages and in the feeds.

People (besides conftest's alice, rana, mona, dave, root): pari, representative of "پیوند" (Zeta
Left), and tara, representative of "تلاش" (Alpha Socialist). In Persian پ comes before ت, in code
points after, and the English names sort the other way round: the order tells which sort was used.
"""

import io
import json
import re
import unicodedata
from pathlib import Path

import jsonschema
import pypdf
import pytest
from django.urls import reverse

from accounts.models import Membership, Organization
from tests.conftest import join, make_user
from threads.debates import actions as da
from threads.joint import statements as st
from threads.models import Debate, PublishedRecord
from threads.records import builder, pdf, store

SCHEMA = json.loads((Path(__file__).resolve().parent.parent.parent / "docs" / "record-schema.json").read_text())
needs_pdf = pytest.mark.skipif(not pdf.AVAILABLE, reason=f"the PDF cannot be made here: {pdf.UNAVAILABLE_REASON} "
                               "(apt-get install -y libpango-1.0-0 libpangoft2-1.0-0)")
P = Debate.Phase

MOTION_FA = "ائتلاف برای آزادی همه زندانیان سیاسی کارزار مشترک برگزار می‌کند."
POINTS = [
    ("زندانیان سیاسی باید بی‌قید و شرط آزاد شوند.", {"zeta": ("agree", ""), "alpha": ("agree", "")}),
    ("The campaign names every prisoner it can verify.", {"zeta": ("agree", ""), "alpha": ("disagree", "Safety first: names only with consent.")}),
    ("کارزار در هر شهر یک نشست عمومی برگزار می‌کند.", {"zeta": ("reservation", "به نیروی داوطلب بستگی دارد."), "alpha": ("agree", "")}),
]


@pytest.fixture
def zeta(db):
    return Organization.objects.create(slug="zeta", name_fa="پیوند چپ", name_en="Zeta Left", status=Organization.Status.ADMITTED)


@pytest.fixture
def alpha(db):
    return Organization.objects.create(slug="alpha", name_fa="تلاش سوسیالیستی", name_en="Alpha Socialist",
                                       status=Organization.Status.ADMITTED)


@pytest.fixture
def pari(zeta):
    user = make_user("pari", display_name="پری")
    join(user, zeta, Membership.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def tara(alpha):
    user = make_user("tara", display_name="Tara")
    join(user, alpha, Membership.Role.REPRESENTATIVE)
    return user


def run_to_summing_up(*, chair, reps, orgs, area, visibility="public"):
    """A debate between the two organizations, positions published, three points with stances, in
    summing-up with a summary endorsed by one and dissented from by the other."""
    d = da.start_debate(
        acting_user=reps["zeta"], title="کارزار زندانیان سیاسی", motion=MOTION_FA, body="بحث کنیم.",
        difference=Debate.Difference.WORK_STYLE, areas=[area], organizations=list(orgs.values()), chair=chair,
        visibility=visibility,
    )
    da.publish_position(acting_user=reps["zeta"], debate=d, organization=orgs["zeta"], stance="supports",
                        statement="ما از این **کارزار** پشتیبانی می‌کنیم.")
    da.publish_position(acting_user=reps["zeta"], debate=d, organization=orgs["zeta"], stance="supports",
                        statement="ما از این **کارزار** با همه نیرو پشتیبانی می‌کنیم.")
    da.publish_position(acting_user=reps["alpha"], debate=d, organization=orgs["alpha"], stance="reservations",
                        statement="We support it, with care for the prisoners' families.")
    for text, stances in POINTS:
        point = da.decide_point(acting_user=chair, point=da.propose_point(acting_user=chair, debate=d, text=text),
                                decision="accepted")
        for slug, (value, reason) in stances.items():
            da.record_stance(acting_user=reps[slug], point=point, organization=orgs[slug], value=value, reason=reason)
    for phase in (P.REBUTTALS, P.OPEN_FLOOR, P.SUMMING_UP):
        d = da.move_phase(acting_user=chair, debate=Debate.objects.get(pk=d.pk), to_phase=phase)
    da.draft_summary(acting_user=chair, debate=d, text="جمع‌بندی: کارزار **مشترک** برگزار می‌شود.")
    da.endorse_summary(acting_user=reps["zeta"], debate=d, organization=orgs["zeta"], verdict="endorse")
    da.endorse_summary(acting_user=reps["alpha"], debate=d, organization=orgs["alpha"], verdict="dissent",
                       reason="Names need consent.")
    return Debate.objects.select_related("thread").get(pk=d.pk)


@pytest.fixture
def summing_up(mona, pari, tara, zeta, alpha, area):
    return run_to_summing_up(chair=mona, reps={"zeta": pari, "alpha": tara}, orgs={"zeta": zeta, "alpha": alpha}, area=area)


@pytest.fixture
def concluded(summing_up, mona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        da.conclude(acting_user=mona, debate=summing_up)
    return Debate.objects.select_related("thread").get(pk=summing_up.pk)


def record_url(debate, fmt, lang="fa"):
    return reverse("debate_record", args=[debate.thread_id, fmt]) + f"?lang={lang}"


def plain(text: str) -> str:
    """Text as compared: ZWNJ and other format characters dropped (a PDF keeps no ZWNJ), spaces collapsed."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


# --- made once, after the commit --------------------------------------------------------------------


def test_the_record_is_made_once_after_the_conclusion_commits(summing_up, mona, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        da.conclude(acting_user=mona, debate=summing_up)
    assert not PublishedRecord.objects.exists()  # nothing inside the transaction
    for callback in callbacks:
        callback()
    files = PublishedRecord.objects.filter(debate=summing_up)
    formats = {"json", "md", "pdf"} if pdf.AVAILABLE else {"json", "md"}
    assert {(f.language, f.format) for f in files} == {(lang, fmt) for lang in ("fa", "en") for fmt in formats}
    assert {f.generation for f in files} == {1} and not any(f.superseded_at for f in files)
    # The same task again (a retry, a second worker) makes nothing new.
    for callback in callbacks:
        callback()
    assert PublishedRecord.objects.filter(debate=summing_up).count() == len(formats) * 2


def test_the_summing_up_debate_has_no_record(client, summing_up):
    for fmt in ("pdf", "md", "json"):
        assert client.get(record_url(summing_up, fmt)).status_code == 404
    assert client.get(reverse("debate_records", args=[summing_up.thread_id])).status_code == 404
    assert "record.md" not in client.get(reverse("debate_detail", args=[summing_up.thread_id])).content.decode()


# --- contents ---------------------------------------------------------------------------------------


def test_markdown_in_persian(client, concluded):
    response = client.get(record_url(concluded, "md", "fa"))
    assert response.status_code == 200 and response["Content-Type"] == "text/markdown; charset=utf-8"
    md = response.content.decode()
    assert md.startswith("# کارزار زندانیان سیاسی\n")
    assert MOTION_FA in md
    assert "همگامی" in md and "سبک کار" in md  # the coalition; the kind of difference, in Persian
    # Participants and positions in Persian alphabetical order: پیوند before تلاش (code points say otherwise).
    assert md.index("### پیوند چپ") < md.index("### تلاش سوسیالیستی")
    assert "ویرایش ۲" in md  # Zeta's final position is its second revision, in Persian digits
    assert "> ما از این **کارزار** با همه نیرو پشتیبانی می‌کنیم." in md
    common, differences, unsettled = md.index("### اشتراکات"), md.index("### اختلافات"), md.index("### حل‌نشده")
    assert common < md.index(POINTS[0][0]) < differences < md.index("The campaign names") < unsettled
    assert md.index(POINTS[2][0]) > unsettled
    assert "Safety first: names only with consent." in md and "به نیروی داوطلب بستگی دارد." in md
    assert "جمع‌بندی: کارزار **مشترک** برگزار می‌شود." in md
    assert re.search(r"- تلاش سوسیالیستی: نظر مخالف دارد، [۰-۹]", md)
    assert re.search(r"[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) [۰-۹]{4}", md)
    record = PublishedRecord.objects.get(debate=concluded, language="fa", format="md")
    assert f"`{record.record_hash}`" in md


def test_markdown_in_english(client, concluded):
    md = client.get(record_url(concluded, "md", "en")).content.decode()
    assert "Kind of difference:** work style" in md
    assert md.index("### Alpha Socialist") < md.index("### Zeta Left")  # English order
    for heading in ("### Common ground", "### Differences", "### Unsettled", "## Summary", "### Endorsements"):
        assert heading in md
    assert "- Alpha Socialist: dissents, " in md and "Names need consent." in md
    assert "Revision 2" in md and not re.search("[۰-۹]", md.split("> ")[0])


def test_json_validates_and_carries_its_hash(client, concluded):
    response = client.get(record_url(concluded, "json", "en"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["kind"] == "debate" and data["schema"] == SCHEMA["$id"] and data["schema_version"] == "1.1"
    assert data["hash"] == builder.record_hash(data)  # anyone can check it
    assert [o["name"] for o in data["participants"]] == ["Alpha Socialist", "Zeta Left"]
    assert [p["revision"] for p in data["positions"]] == [1, 2]
    assert [p["text"] for p in data["ledger"]["common_ground"]] == [POINTS[0][0]]
    assert [p["text"] for p in data["ledger"]["differences"]] == [POINTS[1][0]]
    assert [p["text"] for p in data["ledger"]["unsettled"]] == [POINTS[2][0]]
    stance = data["ledger"]["differences"][0]["stances"][0]
    assert stance["organization"]["slug"] == "alpha" and stance["stance"]["code"] == "disagree"
    assert stance["reason"] == "Safety first: names only with consent."
    assert [p["phase"]["code"] for p in data["phases"]] == ["opening", "rebuttals", "open_floor", "summing_up", "concluded"]
    assert {e["organization"]["slug"]: e["verdict"]["code"] for e in data["endorsements"]} == {"alpha": "dissent", "zeta": "endorse"}
    assert all(e["at"] and e["on_final_summary"] for e in data["endorsements"])
    assert data["chair"] == "Mona" and data["concluded_by"] == "Mona"
    fa = json.loads(client.get(record_url(concluded, "json", "fa")).content)
    assert [o["name"] for o in fa["participants"]] == ["پیوند چپ", "تلاش سوسیالیستی"]
    jsonschema.validate(fa, SCHEMA)


def test_statement_json_validates(client, statement):
    for lang in ("fa", "en"):
        data = json.loads(client.get(reverse("statement_record", args=[statement.pk, "json"]) + f"?lang={lang}").content)
        jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(data)
        assert data["hash"] == builder.record_hash(data)


@needs_pdf
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_pdf_text(client, concluded, lang):

    response = client.get(record_url(concluded, "pdf", lang))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    pages = [plain(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    # Persian in logical order (the words as written, not reversed glyph by glyph), and every
    # organization and every point there.
    # (a sentence's final stop is at its visual end, the left, so a reader may give it first: left out)
    assert plain(MOTION_FA).rstrip(".") in text
    # (a run in another weight, the bold "کارزار", may come out without the space before it)
    assert plain("ما از این کارزار با همه نیرو پشتیبانی می‌کنیم").replace(" ", "") in text.replace(" ", "")
    for name in ("پیوند چپ", "تلاش سوسیالیستی") if lang == "fa" else ("Zeta Left", "Alpha Socialist"):
        assert name in text
    for point, _stances in POINTS:
        assert plain(point).rstrip(".") in text
    assert "Names need consent." in text
    assert plain("همگامی" if lang == "fa" else "Hamgami") in pages[0]  # the title page: the coalition
    record = PublishedRecord.objects.get(debate=concluded, language=lang, format="pdf")
    assert all(record.record_hash in page for page in pages)  # the footer of every page
    assert all(f"/debates/{concluded.thread_id}/record.pdf?lang={lang}" in page for page in pages)
    if lang == "fa":
        assert "صفحهٔ ۲ از ۳" in pages[1]  # page numbers in Persian digits
        assert re.search(r"(فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)", text)
    else:
        assert "page 2 of 3" in pages[1]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            if "/FontFile2" in descriptor:
                fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert any(name.startswith("Vazirmatn") for name in fonts)  # embedded (a subset: the XXXXXX+ prefix)


@needs_pdf
def test_statement_pdf_text(client, statement):

    content = client.get(reverse("statement_record", args=[statement.pk, "pdf"]) + "?lang=fa").content
    text = plain(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages))
    assert plain("همه زندانیان سیاسی باید آزاد شوند") in text and "All political prisoners must be freed" in text
    signatures = text[text.index("امضاکنندگان"):]
    assert signatures.index("پیوند چپ") < signatures.index("تلاش سوسیالیستی") < signatures.index("سازمان الف")
    assert plain("پس از انتشار امضا کرد") in text


# --- statements ---------------------------------------------------------------------------------------


@pytest.fixture
def statement(tara, pari, rana, zeta, alpha, org_a, area, django_capture_on_commit_callbacks):
    """Drafted by Alpha, signed by Alpha and Zeta in both languages, published; then org A signs late."""
    s = st.draft_statement(
        acting_user=tara, organization=alpha, areas=[area], invite=[zeta],
        texts={"fa": ("آزادی زندانیان", "همه زندانیان سیاسی باید آزاد شوند."),
               "en": ("Free the prisoners", "All political prisoners must be freed.")},
    )
    for user, org in ((tara, alpha), (pari, zeta)):
        for lang in ("fa", "en"):
            s.refresh_from_db()
            st.respond(acting_user=user, statement=s, organization=org, language=lang, verdict="sign",
                       revision_number=s.revision(lang).number)
    with django_capture_on_commit_callbacks(execute=True):
        st.publish(acting_user=tara, statement=s)
    s.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        st.respond(acting_user=rana, statement=s, organization=org_a, language="fa", verdict="sign",
                   revision_number=s.fa_revision.number)
    s.refresh_from_db()
    return s


def test_statement_markdown_both_texts_signatories_in_order_late_marked(client, statement):
    url = reverse("statement_record", args=[statement.pk, "md"])
    fa = client.get(url + "?lang=fa").content.decode()
    assert "همه زندانیان سیاسی باید آزاد شوند." in fa and "All political prisoners must be freed." in fa
    assert fa.index("## آزادی زندانیان") < fa.index("## Free the prisoners")  # the reader's text first
    persian_signatures = fa[fa.index("### امضاکنندگان"):fa.index("## Free the prisoners")]
    # Persian order: پیوند چپ, تلاش سوسیالیستی, سازمان الف (پ < ت < س; code points: ت < س < پ)
    lines = [line for line in persian_signatures.splitlines() if line.startswith("- ")]
    assert [line.split(" (")[0] for line in lines] == ["- پیوند چپ", "- تلاش سوسیالیستی", "- سازمان الف"]
    assert "پس از انتشار امضا کرد" in lines[2] and "پس از انتشار" not in lines[0] + lines[1]  # the late one
    en = client.get(url + "?lang=en").content.decode()
    assert en.index("## Free the prisoners") < en.index("## آزادی زندانیان")
    english_signatures = en[en.index("### Signatories"):en.index("## آزادی زندانیان")]
    assert [line.split(" (")[0] for line in english_signatures.splitlines() if line.startswith("- ")] == [
        "- Alpha Socialist", "- Zeta Left"]


def test_a_late_signature_and_a_correction_supersede_the_earlier_record(client, statement, root, django_capture_on_commit_callbacks):
    # Published (1), then the late signature (2): the first is superseded.
    generations = store.generations(statement)
    assert [g["generation"] for g in generations] == [2, 1]
    assert generations[0]["superseded_at"] is None and generations[1]["superseded_at"] is not None
    with django_capture_on_commit_callbacks(execute=True):
        st.correct(acting_user=root, statement=statement, language="en", title="Free the prisoners",
                   text="All political prisoners must be freed at once.", reason="A word was missing.")
    data = json.loads(client.get(reverse("statement_record", args=[statement.pk, "json"]) + "?lang=en").content)
    assert data["generation"] == 3 and "at once" in data["texts"][0]["markdown"]
    assert [s["generation"] for s in data["superseded"]] == [1, 2]
    assert data["corrections"][0]["reason"] == "A word was missing."
    # The earlier files stay, at their own addresses, never changing.
    old = client.get(reverse("statement_record_generation", args=[statement.pk, 1, "json"]) + "?lang=en")
    assert old.status_code == 200 and "at once" not in old.content.decode()
    assert "immutable" in old["Cache-Control"]
    page = client.get(reverse("statement_records", args=[statement.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("superseded") >= 2 and "current" in page


def test_draft_statement_has_no_record(client, login, rana, org_a, org_b, area):
    draft = st.draft_statement(acting_user=rana, organization=org_a, areas=[area], texts={"fa": ("عنوان", "متن")})
    url = reverse("statement_record", args=[draft.pk, "md"]) + "?lang=fa"
    assert client.get(url).status_code == 404
    assert login(rana).get(url).status_code == 404  # members read the draft's page, not a record of it
    assert client.get(reverse("statement_record", args=[99999, "md"]) + "?lang=fa").status_code == 404


# --- serving: access, language, caching ------------------------------------------------------------------


def test_public_record_is_cached_publicly_with_an_etag(client, concluded):
    response = client.get(record_url(concluded, "json"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    etag = response["ETag"]
    record = PublishedRecord.objects.get(debate=concluded, language="fa", format="json")
    assert etag == f'"{record.etag}"' and bytes(record.content) == response.content
    again = client.get(record_url(concluded, "json"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(record_url(concluded, "json"), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_language_is_asked_for_or_chosen(client, concluded):
    response = client.get(reverse("debate_record", args=[concluded.thread_id, "md"]))
    assert response.status_code == 302 and response["Location"].endswith("record.md?lang=fa")
    response = client.get(reverse("debate_record", args=[concluded.thread_id, "md"]), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"].endswith("record.md?lang=en")
    assert client.get(record_url(concluded, "md", "de")).status_code == 404
    assert client.get(f"/debates/{concluded.thread_id}/record.html?lang=fa").status_code == 404


def test_missing_and_not_a_debate_are_404(client, concluded, public_thread):
    assert client.get(reverse("debate_record", args=[999999, "pdf"]) + "?lang=fa").status_code == 404
    assert client.get(reverse("debate_record", args=[public_thread.pk, "md"]) + "?lang=fa").status_code == 404


def test_members_only_record_only_for_members_and_never_public(
    client, login, mona, pari, tara, zeta, alpha, area, dave, django_capture_on_commit_callbacks
):
    d = run_to_summing_up(chair=mona, reps={"zeta": pari, "alpha": tara}, orgs={"zeta": zeta, "alpha": alpha},
                          area=area, visibility="members")
    with django_capture_on_commit_callbacks(execute=True):
        da.conclude(acting_user=mona, debate=d)
    for fmt in ("md", "json", "pdf"):
        assert client.get(record_url(d, fmt)).status_code == 404  # a visitor
    assert client.get(reverse("debate_records", args=[d.thread_id])).status_code == 404
    assert login(dave).get(record_url(d, "md")).status_code == 404  # signed in, no organization
    response = login(pari).get(record_url(d, "md"))
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    old = login(pari).get(reverse("debate_record_generation", args=[d.thread_id, 1, "md"]) + "?lang=fa")
    assert old["Cache-Control"].startswith("private")
    # and never in a feed
    client.logout()
    assert f"/debates/{d.thread_id}/record" not in client.get(reverse("feed_home")).content.decode()


def test_reopened_and_concluded_again_supersedes(client, concluded, root, mona, django_capture_on_commit_callbacks):
    first = json.loads(client.get(record_url(concluded, "json")).content)
    da.reopen(acting_user=root, debate=concluded, reason="A stance was recorded for the wrong organization.")
    assert client.get(record_url(concluded, "json")).status_code == 404  # not concluded: no record for now
    with django_capture_on_commit_callbacks(execute=True):
        da.conclude(acting_user=mona, debate=Debate.objects.get(pk=concluded.pk))
    second = json.loads(client.get(record_url(concluded, "json")).content)
    assert second["generation"] == 2 and second["superseded"][0]["hash"] == first["hash"]
    assert any(p["reopening"] for p in second["phases"])
    assert PublishedRecord.objects.filter(debate=concluded, generation=1, superseded_at__isnull=False).count() == \
        PublishedRecord.objects.filter(debate=concluded, generation=1).count()


def test_a_record_concluded_before_records_existed_is_made_on_request(client, concluded):
    PublishedRecord.objects.all().delete()
    response = client.get(record_url(concluded, "md"))
    assert response.status_code == 200  # the task ran at once (TASKS_BACKEND=immediate)
    assert PublishedRecord.objects.filter(debate=concluded, reason="prepared").exists()


def test_without_pango_the_pdf_says_unavailable_and_the_rest_works(client, summing_up, mona, monkeypatch,
                                                                   django_capture_on_commit_callbacks):
    monkeypatch.setattr(pdf, "AVAILABLE", False)
    with django_capture_on_commit_callbacks(execute=True):
        da.conclude(acting_user=mona, debate=summing_up)
    assert not PublishedRecord.objects.filter(format="pdf").exists()
    response = client.get(record_url(summing_up, "pdf", "en"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "This server cannot typeset the PDF" in response.content.decode()
    assert client.get(record_url(summing_up, "md")).status_code == 200
    page = client.get(reverse("debate_detail", args=[summing_up.thread_id]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "PDF: unavailable on this server" in page and "record.pdf" not in page


# --- links ----------------------------------------------------------------------------------------


def test_links_on_the_pages_and_in_the_feeds(client, concluded, statement):
    page = client.get(reverse("debate_detail", args=[concluded.thread_id])).content.decode()
    for fmt in ("md", "json") + (("pdf",) if pdf.AVAILABLE else ()):
        assert f'href="/debates/{concluded.thread_id}/record.{fmt}?lang=fa"' in page
    assert reverse("debate_records", args=[concluded.thread_id]) in page
    page = client.get(reverse("statement_detail", args=[statement.pk])).content.decode()
    assert f'href="/statements/{statement.pk}/record.md?lang=fa"' in page
    feed = client.get(reverse("feed_home")).content.decode()
    assert re.search(rf'<link href="[^"]*/debates/{concluded.thread_id}/record\.md\?lang=fa" length="\d+" '
                     r'rel="enclosure" type="text/markdown"', feed)
    feed = client.get(reverse("statement_feed")).content.decode()
    assert f"/statements/{statement.pk}/record.json?lang=fa" in feed


def test_while_the_worker_has_not_run_the_record_is_being_prepared(client, concluded, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}  # enqueued, never run
    PublishedRecord.objects.all().delete()
    response = client.get(record_url(concluded, "md", "en"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "The files of this record are being made. Try again in a minute." in response.content.decode()
