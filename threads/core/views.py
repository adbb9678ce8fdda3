"""Thread pages and forms. Thin: access and queries to read, actions to write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access as people
from forum.errors import ActionRefused, Conflict
from forum.forms import add_action_errors
from forum.markup import render_markdown
from threads.core import access, actions, queries, redaction, tags
from threads.core.events import heads_first
from threads.core.forms import EditForm, ReplyForm, ThreadForm, wordings_shown
from threads.core.models import Area, Post, Thread
from threads.core.page_cache import anonymous_page_cache
from threads.debates import queries as debate_queries
from threads.following import actions as following
from threads.joint import queries as joint_queries
from threads.moderation import actions as moderation
from threads.debates.reply_refusal import why_no_reply
from threads.translations import access as translation_access
from threads.translations import actions as translation_actions
from threads.translations import queries as translation_queries
from threads.translations import quoting
from threads.translations.forms import OpeningTranslationForm
from threads.translations.opening import create_thread_with_translation


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@anonymous_page_cache(lambda request, slug: f"area:{slug}")
@require_GET
@heads_first(lambda request, slug: [f"area:{slug}"])
def area_detail(request, slug):
    area = get_object_or_404(Area, slug=slug)
    return render(
        request,
        "core/area.html",
        {
            "area": area,
            "page": queries.area_threads(request.user, area, page=_page_number(request)),
            "areas": queries.area_list(),
            "area_tags": tags.area_tags(request.user, area),
            "live_streams": [f"area:{area.slug}"],
        },
    )


@anonymous_page_cache(lambda request, pk, slug=None: f"thread:{pk}")
@require_GET
@heads_first(lambda request, pk, slug=None: [f"thread:{pk}"])  # before the thread: its title is replaced live too
def thread_detail(request, pk, slug=None):
    thread = access.thread_for_reader(user=request.user, thread_id=pk)
    if slug is not None and slug != thread.slug:
        return redirect(thread.get_absolute_url(), permanent=True)
    return _render_thread(request, thread)


def _render_thread(request, thread, *, form=None, preview=None, status=200):
    page = queries.thread_page(request.user, thread, page=_page_number(request))
    for post in page.object_list:
        post.show_body = access.can_see_body(request.user, post)
    reply_refusal = why_no_reply(request.user, thread, getattr(thread, "debate", None) if thread.kind == Thread.Kind.DEBATE else None)
    # One query, however many translations (issue 20): the posts' and those of the ledger points
    # and positions they quote (shown in the reader's language too).
    posts = list(page.object_list)
    translation_queries.attach_all(
        posts,
        [post.quoted_point for post in posts if post.quoted_point_id],
        [post.quoted_position.position for post in posts if post.quoted_position_id],
    )
    can_reply = access.can_reply(request.user, thread) and (not reply_refusal or form is not None)
    if request.method == "GET" and request.user.is_authenticated and page.object_list:  # where this reader stopped
        following.mark_read(request.user, thread, up_to_post=max(post.pk for post in page.object_list))
    debate_context = debate_queries.debate_context(request.user, thread) if thread.kind == Thread.Kind.DEBATE else {}
    quote_refusal = ""
    if form is None and can_reply:
        initial = {"reply_to": request.GET["reply_to"]} if request.GET.get("reply_to", "").isdigit() else {}
        quote = request.GET.get("quote", "")
        if quote.startswith("post-"):  # a post's "Quote" link: the box starts with its quote (issue 20)
            try:
                quoted = quoting.quotable_post(user=request.user, post_id=quote.removeprefix("post-"), thread=thread)
                initial["body"] = quoting.quote_markdown(quoted) + "\n"
            except Http404:  # missing, elsewhere or not theirs to read: the same words
                quote_refusal = _("There is no such post in this thread to quote.")
            except ActionRefused as refusal:
                quote_refusal = refusal.message
        elif quote:  # "Answer this point/position" links on the debate panel
            initial["responds_to"] = quote
        form = ReplyForm(
            organizations=people.speaking_organizations(request.user), initial=initial,
            quotables=debate_context.get("quotables"),
        )
    context = {
        "thread": queries.thread_with_labels(thread),
        "belongs_to": joint_queries.thread_belongs_to(request.user, thread),
        "page": page,
        "posts": page.object_list,
        "form": form,
        "preview": preview,
        "can_reply": can_reply,
        "reply_refusal": reply_refusal,
        "quote_refusal": quote_refusal,
        "audience": people.audience_of(request.user),
        "moderates_texts": translation_access.moderates_texts_in(request.user, thread),  # translations' hide buttons
        "live_streams": [thread.stream],
    }
    context.update(debate_context)
    return render(request, "core/thread.html", context, status=status)


@login_required
@require_http_methods(["POST"])
@heads_first(lambda request, pk: [f"thread:{pk}"])  # a preview or a refused reply shows the thread again
def thread_reply(request, pk):
    thread = access.thread_for_reader(user=request.user, thread_id=pk)
    quotables = debate_queries.quotables_for(thread) if thread.kind == Thread.Kind.DEBATE else None
    form = ReplyForm(request.POST, organizations=people.speaking_organizations(request.user), quotables=quotables)
    if not form.is_valid():
        return _render_thread(request, thread, form=form, status=400)
    if "preview" in request.POST:
        return _render_thread(request, thread, form=form, preview=render_markdown(form.cleaned_data["body"]))
    reply_to = None
    if form.cleaned_data.get("reply_to"):
        reply_to = Post.objects.filter(pk=form.cleaned_data["reply_to"]).first()
        if reply_to is None or reply_to.thread_id != thread.pk:
            form.add_error(None, _("You can only reply to a post in the same thread."))
            return _render_thread(request, thread, form=form, status=400)
    try:
        post = translation_actions.create_post_with_translation(
            translation=form.cleaned_data.get("translation") or "",
            acting_user=request.user,
            thread=thread,
            body=form.cleaned_data["body"],
            reply_to=reply_to,
            on_behalf_of=form.cleaned_data.get("on_behalf_of"),
            quote=form.cleaned_data.get("responds_to"),
            seen_wording=form.seen_wording,
            agreement=form.cleaned_data.get("agreement") or "",
        )
    except Conflict as error:  # the quoted point or position has a new version: it is shown, their text kept
        quotables = debate_queries.quotables_for(thread)
        form = ReplyForm(
            {**request.POST.dict(), "wordings": wordings_shown(quotables)},
            organizations=people.speaking_organizations(request.user), quotables=quotables,
        )
        form.is_valid()
        add_action_errors(form, error)
        return _render_thread(request, thread, form=form, status=409)
    except ValidationError as error:
        add_action_errors(form, error)
        return _render_thread(request, thread, form=form, status=400)
    except ActionRefused as refusal:  # e.g. the phase's deadline passed: say why, keep what was typed
        form.add_error(None, refusal.message)
        return _render_thread(request, thread, form=form, status=403)
    return redirect(_post_url(request, post))


@require_GET
def post_permalink(request, pk):
    """A post's lasting address: its thread's page that shows it, anchored at it (posts move to
    later pages as a thread grows; notifications, emails and feeds link here). `?original` asks
    for the original text where a translation would be shown (a feed entry's "Read the original")."""
    post = access.post_for_reader(user=request.user, post_id=pk)  # 404 alike when missing or not readable
    url = _post_url(request, post)
    if "original" in request.GET:
        path, anchor = url.split("#", 1)
        url = f"{path}{'&' if '?' in path else '?'}original={post.pk}#{anchor}"
    return redirect(url)


def _post_url(request, post) -> str:
    """The address of the page of its thread that shows the post, anchored at it."""
    page = queries.page_of_post(request.user, post)
    url = post.thread.get_absolute_url() + (f"?page={page}" if page > 1 else "")
    return f"{url}#{post.anchor}"


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request):
    if not people.can_post(request.user):
        raise ActionRefused(_("Only members of an organization can start threads. Ask to join one first."))
    organizations = people.speaking_organizations(request.user)
    initial = {}
    if area_slug := request.GET.get("area"):
        initial["areas"] = list(Area.objects.filter(slug=area_slug))
    form = ThreadForm(request.POST or None, organizations=organizations, initial=initial)
    # Issue 20: the opening post's translation, optional, in its own <details> of the same form
    translation_form = OpeningTranslationForm(request.POST or None, prefix="translation")
    preview = None
    status = 200
    if request.method == "POST":
        if not all([form.is_valid(), translation_form.is_valid()]):
            status = 400
        elif "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                thread = create_thread_with_translation(
                    translation=translation_form.cleaned_data["body"],
                    translation_language=translation_form.cleaned_data["language"],
                    acting_user=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    areas=list(form.cleaned_data["areas"]),
                    tags=form.cleaned_data["tags"],
                    visibility=form.cleaned_data["visibility"],
                    on_behalf_of=form.cleaned_data.get("on_behalf_of"),
                )
            except ValidationError as error:
                by_field = getattr(error, "error_dict", {})
                if "translation" in by_field or "translation_language" in by_field:
                    translation_form.add_error("language" if "translation_language" in by_field else "body", error.messages)
                else:
                    add_action_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Your thread is started."))
                return redirect(thread.get_absolute_url())
    return render(request, "core/new.html", {"form": form, "translation_form": translation_form, "preview": preview},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, pk):
    post = access.post_for_reader(user=request.user, post_id=pk)
    if not access.can_edit_post(request.user, post):
        raise ActionRefused(_("You can only edit your own posts."))
    form = EditForm(request.POST or None, initial={"body": post.body_source, "revision": post.revision_count})
    preview = None
    current = None
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body"])
        else:
            try:
                actions.edit_post(
                    acting_user=request.user, post=post, body=form.cleaned_data["body"], reason=form.cleaned_data["reason"],
                    base_revision=form.cleaned_data.get("revision"),
                )
            except Conflict as error:  # their text stays; a second save, knowingly, replaces the new version
                current = Post.objects.get(pk=post.pk)
                form = EditForm({**request.POST.dict(), "revision": current.revision_count})
                form.is_valid()
                add_action_errors(form, error)
                status = 409
            except ValidationError as error:
                add_action_errors(form, error)
                status = 400
            else:
                messages.success(request, _("Your changes are saved; the earlier text is kept in the post's history."))
                return redirect(_post_url(request, post))
    return render(request, "core/edit.html", {"form": form, "post": post, "preview": preview, "current": current}, status=status)


@require_GET
def post_revisions(request, pk):
    post = access.post_for_reader(user=request.user, post_id=pk)
    if not access.can_see_body(request.user, post):
        raise Http404
    revisions = redaction.mark_hidden(
        queries.post_revisions(post),
        redaction.latest("post", post.pk),
        may_see_hidden=moderation.can_moderate_thread(request.user, post.thread),
    )
    return render(request, "core/revisions.html", {"post": post, "revisions": revisions})


@anonymous_page_cache(lambda request: "home")
@require_GET
@heads_first(lambda request: ["home"])
def home(request):
    return render(
        request,
        "home.html",
        {
            "areas": queries.areas_with_activity(request.user),
            "threads": queries.recent_threads(request.user),
            "live_streams": ["home"],
        },
    )
