"""Serving the record's files: `/debates/<id>/record.pdf|md|json?lang=fa|en` and the same under
`/statements/<id>/`, the earlier generations under `…/records/<n>/`, and the list of generations.

A debate not concluded, a draft statement, a missing id, or a members-only one asked for by someone
who is not a member: 404 alike (threads.core.access / threads.joint.access decide, as for the pages).
The current files are cached for a day and revalidated by ETag; an earlier generation never changes
(a year, immutable). Members-only records are `private`: never kept by a shared cache.
"""

from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from threads.core import access
from threads.joint import access as joint_access
from threads.core.models import Thread
from threads.debates.models import Debate
from threads.records import builder, pdf, store
from threads.records.tasks import generate_record

CURRENT_MAX_AGE = 86400
GENERATION_MAX_AGE = 365 * 86400


def _debate(request, pk) -> Debate:
    thread = access.thread_for_reader(user=request.user, thread_id=pk)
    if thread.kind != Thread.Kind.DEBATE:
        raise Http404
    debate = Debate.objects.select_related("chair").filter(thread=thread).first()
    if debate is None or not debate.is_concluded:
        raise Http404
    debate.thread = thread
    return debate


def _statement(request, pk):
    statement = joint_access.statement_for_reader(user=request.user, statement_id=pk)
    if not statement.is_published:
        raise Http404
    return statement


def _members_only(subject) -> bool:
    return subject.thread.is_members_only if isinstance(subject, Debate) else subject.is_members_only


def _language(request) -> str | None:
    """The `lang` asked for; None when it is absent (the caller redirects to the reader's language)."""
    language = request.GET.get("lang")
    if language is None:
        return None
    if language not in builder.LANGUAGES:
        raise Http404
    return language


def _with_language(request):
    """No `lang`: to the same address in the reader's language, so each address has one content."""
    language = "en" if (get_language() or "fa").startswith("en") else "fa"
    return redirect(f"{request.path}?{urlencode({'lang': language})}")


def _serve(request, subject, record, *, max_age: int, immutable: bool = False) -> HttpResponse:
    etag = f'"{record.etag}"'
    scope = "private" if _members_only(subject) else "public"
    cache_control = f"{scope}, max-age={max_age}" + (", immutable" if immutable else "")
    if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(record.content), content_type=record.content_type)
        kind = "debate" if isinstance(subject, Debate) else "statement"
        number = subject.thread_id if isinstance(subject, Debate) else subject.pk
        name = f"hamgami-{kind}-{number}-{record.language}-v{record.generation}.{record.format}"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        response["Content-Length"] = str(record.size)
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Content-Language"] = record.language
    return response


def _unavailable(request, subject, language: str, fmt: str, *, preparing: bool) -> HttpResponse:
    """503: the record is being made (a worker has yet to run), or this server cannot make PDFs;
    the page says which, with the formats that work."""
    kind = "debate" if isinstance(subject, Debate) else "statement"
    number = subject.thread_id if isinstance(subject, Debate) else subject.pk
    response = render(
        request,
        "records/unavailable.html",
        {"preparing": preparing, "fmt": fmt, "language": language,
         "urls": {f: reverse(f"{kind}_record", args=[number, f]) + f"?lang={language}" for f in builder.FORMATS},
         "page": subject.thread.get_absolute_url() if kind == "debate" else subject.get_absolute_url()},
        status=503,
    )
    if preparing:
        response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def _current(request, subject, fmt: str) -> HttpResponse:
    language = _language(request)
    if language is None:
        return _with_language(request)
    record = store.current_file(subject, language, fmt)
    if record is None and not store.has_current(subject):
        # Concluded or published before records were made, or the worker has not run yet: ask for
        # it (made at once with TASKS_BACKEND=immediate), then look again.
        since = subject.concluded_at if isinstance(subject, Debate) else subject.published_at
        generate_record.enqueue("debate" if isinstance(subject, Debate) else "statement", subject.pk, "prepared",
                                since.isoformat() if since else None)
        record = store.current_file(subject, language, fmt)
        if record is None and not store.has_current(subject):
            return _unavailable(request, subject, language, fmt, preparing=True)
    if record is None:  # the others are there: this server cannot typeset the PDF
        return _unavailable(request, subject, language, fmt, preparing=False)
    return _serve(request, subject, record, max_age=CURRENT_MAX_AGE)


def _generation(request, subject, generation: int, fmt: str) -> HttpResponse:
    language = _language(request)
    if language is None:
        return _with_language(request)
    record = store.generation_file(subject, generation, language, fmt)
    if record is None:
        raise Http404
    return _serve(request, subject, record, max_age=GENERATION_MAX_AGE, immutable=True)


def _list(request, subject, kind: str) -> HttpResponse:
    number = subject.thread_id if kind == "debate" else subject.pk
    return render(
        request,
        "records/list.html",
        {
            "subject": subject,
            "kind": kind,
            "number": number,
            "title": subject.thread.title if kind == "debate" else subject.title,
            "page": subject.thread.get_absolute_url() if kind == "debate" else subject.get_absolute_url(),
            "generations": store.generations(subject),
            "pdf_available": pdf.AVAILABLE,
        },
    )


@require_GET
def debate_record(request, pk, fmt):
    return _current(request, _debate(request, pk), fmt)


@require_GET
def debate_record_generation(request, pk, generation, fmt):
    return _generation(request, _debate(request, pk), generation, fmt)


@require_GET
def debate_records(request, pk):
    return _list(request, _debate(request, pk), "debate")


@require_GET
def statement_record(request, pk, fmt):
    return _current(request, _statement(request, pk), fmt)


@require_GET
def statement_record_generation(request, pk, generation, fmt):
    return _generation(request, _statement(request, pk), generation, fmt)


@require_GET
def statement_records(request, pk):
    return _list(request, _statement(request, pk), "statement")

