"""Moderation pages: the review queue, the public log, and forms to act on posts, threads and
people. Thin: access and queries to read, threads.moderation.actions to write. Every form works without
JavaScript (POST, then a redirect with a message). Acting on something already handled redirects
with a message saying what happened, and changes nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access as people
from accounts.models import Membership, Organization, User
from forum.errors import ActionRefused, Conflict, require
from threads.core import access, events
from threads.core.models import Area, Post, Thread
from threads.following import actions as following
from threads.following.models import Notification
from threads.moderation import actions as moderation
from threads.moderation import forms
from threads.moderation import queries as moderation_queries
from threads.moderation.models import ModerationAction


def _errors(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


# --- the queue ----------------------------------------------------------------------------------


@login_required
@require_GET
def queue(request):
    if not moderation.is_any_moderator(request.user) and people.roles_waiting_for_two_factor(request.user):
        raise ActionRefused(_("Moderators act only with two-factor authentication on. Turn it on in your account."))
    require(moderation.is_any_moderator(request.user), _("Only moderators see the review queue."))
    streams = ["moderation"] if people.is_moderator(request.user) else []
    since = events.heads(streams)  # before the queue is read: a replayed item would replace one with its forms
    return render(
        request,
        "moderation/queue.html",
        {
            "queue": moderation_queries.review_queue(request.user),
            "can_admit": people.is_admin(request.user),
            "live_streams": streams,
            "live_since": since,
        },
    )


# --- posts --------------------------------------------------------------------------------------

POST_ACTIONS = {"approve", "reject", "uphold", "dismiss", "hide", "restore", "edit", "move"}


@login_required
@require_http_methods(["GET", "POST"])
def post_moderate(request, pk):
    post = access.post_for_reader(user=request.user, post_id=pk)
    require(moderation.can_moderate_thread(request.user, post.thread), _("Only moderators (or the chair, in their debate) can do this."))
    errors, status = [], 200
    edit_form = forms.EditForm(initial={"body": post.body_source, "revision": post.revision_count})
    move_form = forms.MovePostForm()
    if request.method == "POST":
        do = request.POST.get("do")
        if do not in POST_ACTIONS:
            raise Http404
        reason = request.POST.get("reason", "")
        user = request.user
        try:
            if do == "approve":
                moderation.approve_post(acting_user=user, post=post, reason=reason)
                done = _("The post is approved.")
            elif do == "reject":
                moderation.reject_post(acting_user=user, post=post, reason=reason)
                done = _("The post is rejected; it stays hidden with your reason.")
            elif do == "uphold":
                moderation.resolve_flags(acting_user=user, post=post, uphold=True, reason=reason)
                done = _("The flags are upheld; the post is hidden.")
            elif do == "dismiss":
                moderation.resolve_flags(acting_user=user, post=post, uphold=False, reason=reason)
                done = _("The flags are dismissed.")
            elif do == "hide":
                moderation.hide_post(acting_user=user, post=post, reason=reason)
                done = _("The post is hidden.")
            elif do == "restore":
                moderation.restore_post(acting_user=user, post=post, reason=reason)
                done = _("The post is shown again.")
            elif do == "edit":
                edit_form = forms.EditForm(request.POST)
                if not edit_form.is_valid():
                    raise ValidationError(_("Give the new text and a reason."))
                moderation.edit_post_as_moderator(
                    acting_user=user, post=post, body=edit_form.cleaned_data["body"], reason=edit_form.cleaned_data["reason"],
                    hide_history=edit_form.cleaned_data["hide_history"], base_revision=edit_form.cleaned_data.get("revision"),
                )
                done = _("The post is edited; the earlier text stays in its history.")
            else:
                move_form = forms.MovePostForm(request.POST)
                if not move_form.is_valid():
                    raise ValidationError(_("Give the number of the thread to move the post to."))
                target = access.thread_for_reader(user=user, thread_id=move_form.cleaned_data["thread"])
                moderation.move_post(acting_user=user, post=post, to_thread=target, reason=reason)
                done = _("The post is moved.")
        except moderation.AlreadyHandled as handled:  # another moderator was first: say so, keep the reason typed
            errors, status = [handled.message], 409
        except Conflict as error:  # the post changed while being edited: the text typed comes back
            edit_form = forms.EditForm({**request.POST.dict(), "revision": Post.objects.get(pk=post.pk).revision_count})
            edit_form.is_valid()
            errors, status = _errors(error), 409
        except ValidationError as error:
            errors, status = _errors(error), 400
        else:
            messages.success(request, done)
            return redirect(request.POST.get("next") if _safe_next(request) else reverse("moderation_queue"))
    post = Post.objects.select_related("thread", "author").get(pk=post.pk)
    return render(
        request,
        "moderation/post.html",
        {
            "post": post,
            "item": moderation_queries.queue_item(post.pk),
            "errors": errors,
            "edit_form": edit_form,
            "move_form": move_form,
            "reason": request.POST.get("reason", ""),
        },
        status=status,
    )


def _safe_next(request) -> bool:
    nxt = request.POST.get("next", "")
    return nxt.startswith("/") and not nxt.startswith("//")


# --- flags --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def flag(request, pk):
    post = access.post_for_reader(user=request.user, post_id=pk)
    if not post.is_visible:
        raise Http404
    form = forms.FlagForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation.flag_post(
                    acting_user=request.user, post=post, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]
                )
            except moderation.AlreadyHandled as handled:
                messages.info(request, handled.message)
                return redirect(post.get_absolute_url())
            except ValidationError as error:
                for field, errs in getattr(error, "error_dict", {None: error.error_list}).items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("Thank you; the moderators will look at the post."))
                return redirect(post.get_absolute_url())
        status = 400
    return render(request, "moderation/flag.html", {"post": post, "form": form}, status=status)


# --- threads ------------------------------------------------------------------------------------

THREAD_TOGGLES = {
    "lock": ModerationAction.Kind.LOCK, "unlock": ModerationAction.Kind.UNLOCK,
    "close": ModerationAction.Kind.CLOSE, "reopen": ModerationAction.Kind.REOPEN,
    "pin": ModerationAction.Kind.PIN, "unpin": ModerationAction.Kind.UNPIN,
}


@login_required
@require_http_methods(["GET", "POST"])
def thread_moderate(request, pk):
    thread = access.thread_for_reader(user=request.user, thread_id=pk)
    require(moderation.can_moderate_thread(request.user, thread), _("Only moderators (or the chair, in their debate) can do this."))
    user = request.user
    bound = {}
    errors, status = [], 200
    if request.method == "POST":
        do = request.POST.get("do", "")
        reason = request.POST.get("reason", "")
        form_class = {
            "areas": forms.AreasForm, "merge": forms.MergeForm, "split": forms.SplitForm,
            "slow": forms.SlowModeForm, "timer": forms.TimerForm,
        }.get(do)
        if do not in THREAD_TOGGLES and do != "cleartimer" and form_class is None:
            raise Http404
        try:
            if do in THREAD_TOGGLES:
                moderation.set_thread_state(acting_user=user, thread=thread, action=THREAD_TOGGLES[do], reason=reason)
            elif do == "cleartimer":
                moderation.clear_timer(acting_user=user, thread=thread, reason=reason)
            else:
                form = form_class(request.POST)
                bound[do] = form
                if not form.is_valid():
                    raise ValidationError([e for errs in form.errors.values() for e in errs])
                data = form.cleaned_data
                if do == "areas":
                    moderation.move_thread_areas(acting_user=user, thread=thread, areas=list(data["areas"]), reason=reason)
                elif do == "merge":
                    target = access.thread_for_reader(user=user, thread_id=data["target"])
                    moderation.merge_threads(acting_user=user, source=thread, target=target, reason=reason)
                    messages.success(request, _("The threads are merged."))
                    return redirect(target.get_absolute_url())
                elif do == "split":
                    posts = list(Post.objects.filter(pk__in=data["posts"]))
                    if len(posts) != len(set(data["posts"])):
                        raise ValidationError(_("Choose posts of this thread only."))
                    entry = moderation.split_thread(
                        acting_user=user, thread=thread, posts=posts, title=data["title"], reason=reason
                    )
                    messages.success(request, _("The posts are split into a new thread."))
                    return redirect(Thread.objects.get(pk=entry.data["new"]).get_absolute_url())
                elif do == "slow":
                    moderation.set_slow_mode(acting_user=user, thread=thread, minutes=data["minutes"], reason=reason)
                else:
                    moderation.set_timer(acting_user=user, thread=thread, action=data["action"], at=data["at"], reason=reason)
        except moderation.AlreadyHandled as handled:
            messages.warning(request, handled.message)
            return redirect(reverse("moderation_thread", args=[thread.pk]))
        except ValidationError as error:
            errors, status = _errors(error), 400
        else:
            messages.success(request, _("Done; the moderation log records it."))
            return redirect(reverse("moderation_thread", args=[thread.pk]))
    thread = Thread.objects.select_related("merged_into").get(pk=thread.pk)
    return render(
        request,
        "moderation/thread.html",
        {
            "thread": thread,
            "areas_form": bound.get("areas") or forms.AreasForm(initial={"areas": list(thread.areas.all())}),
            "merge_form": bound.get("merge") or forms.MergeForm(),
            "split_form": bound.get("split") or forms.SplitForm(),
            "slow_form": bound.get("slow") or forms.SlowModeForm(initial={"minutes": thread.slow_mode_seconds // 60}),
            "timer_form": bound.get("timer") or forms.TimerForm(),
            "can_restructure": moderation.can_moderate_areas_of(user, thread),
            "history": ModerationAction.objects.filter(target_type="thread", target_id=thread.pk)
            .select_related("actor")[:20],
            "errors": errors,
        },
        status=status,
    )


# --- people -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_moderate(request, username):
    require(people.is_moderator(request.user), _("Only moderators can silence or suspend people."))
    person = get_object_or_404(User, username=username)
    suspend_form, appoint_form = forms.SuspendForm(), forms.AppointForm()
    errors, status = [], 200
    if request.method == "POST":
        do = request.POST.get("do", "")
        try:
            if do == "suspend":
                suspend_form = forms.SuspendForm(request.POST)
                if not suspend_form.is_valid():
                    raise ValidationError([e for errs in suspend_form.errors.values() for e in errs])
                d = suspend_form.cleaned_data
                moderation.suspend_user(acting_user=request.user, user=person, kind=d["kind"], days=d["days"], reason=d["reason"])
            elif do == "lift":
                moderation.lift_suspension(acting_user=request.user, user=person, reason=request.POST.get("reason", ""))
            elif do in ("appoint", "dismiss"):
                appoint_form = forms.AppointForm(request.POST)
                if not appoint_form.is_valid():
                    raise ValidationError(_("Choose an area or site-wide."))
                call = moderation.appoint_moderator if do == "appoint" else moderation.dismiss_moderator
                call(acting_user=request.user, user=person, area=appoint_form.cleaned_data["area"])
            else:
                raise Http404
        except moderation.AlreadyHandled as handled:
            messages.warning(request, handled.message)
            return redirect(reverse("moderation_person", args=[person.username]))
        except ValidationError as error:
            errors, status = _errors(error), 400
        else:
            messages.success(request, _("Done; the moderation log records it."))
            return redirect(reverse("moderation_person", args=[person.username]))
    person = User.objects.get(pk=person.pk)
    return render(
        request,
        "moderation/person.html",
        {
            "person": person,
            "restriction": people.restriction(person),
            "suspend_form": suspend_form,
            "appoint_form": appoint_form,
            "is_admin": people.is_admin(request.user),
            "moderated_areas": Area.objects.filter(moderators__user=person),
            "history": person.suspensions.select_related("by", "lifted_by")[:20],
            "errors": errors,
        },
        status=status,
    )


# --- organizations and memberships -----------------------------------------------------------------


@login_required
@require_POST
def organization_decide(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    admit = request.POST.get("decision") == "admit"
    try:
        moderation.decide_application(
            acting_user=request.user, organization=organization, admit=admit, reason=request.POST.get("reason", "")
        )
    except moderation.AlreadyHandled as handled:
        messages.warning(request, handled.message)
    else:
        messages.success(request, _("The organization is admitted.") if admit else _("The application is declined."))
    return redirect(reverse("moderation_queue"))


@login_required
@require_POST
def membership_decide(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("organization", "user"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        moderation.decide_membership_request(
            acting_user=request.user, membership=membership, approve=approve, reason=request.POST.get("reason", "")
        )
    except moderation.AlreadyHandled as handled:
        messages.warning(request, handled.message)
    else:
        messages.success(request, _("The request is approved.") if approve else _("The request is declined."))
    return redirect(reverse("moderation_queue"))


# --- the log --------------------------------------------------------------------------------------


@require_GET
def log(request):
    actor = request.GET.get("moderator", "")[:150]
    action = request.GET.get("action", "")[:20]
    area = request.GET.get("area", "")[:100]
    return render(
        request,
        "moderation/log.html",
        {
            "page": moderation_queries.moderation_log(request.user, actor=actor, action=action, area=area, page=_page_number(request)),
            "moderators": moderation_queries.log_moderators(),
            "actions": ModerationAction.Kind.choices,
            "areas": list(Area.objects.order_by("number")),
            "chosen": {"moderator": actor, "action": action, "area": area},
            "reader_is_member": people.can_read_members_only(request.user),
        },
    )


@login_required
@require_POST
def log_undo(request, pk):
    """Undo a merge or a split from its log entry."""
    entry = get_object_or_404(ModerationAction, pk=pk, action__in=[ModerationAction.Kind.MERGE, ModerationAction.Kind.SPLIT])
    if entry.members_only and not people.can_read_members_only(request.user):
        raise Http404
    try:
        if entry.action == ModerationAction.Kind.MERGE:
            moderation.unmerge_threads(acting_user=request.user, merge=entry, reason=request.POST.get("reason", ""))
        else:
            moderation.unsplit_thread(acting_user=request.user, split=entry, reason=request.POST.get("reason", ""))
    except moderation.AlreadyHandled as handled:
        messages.warning(request, handled.message)
    else:
        messages.success(request, _("Undone; the moderation log records it."))
    return redirect(reverse("moderation_log"))


@login_required
@require_http_methods(["GET", "POST"])
def notices(request):
    """Moderation actions on the reader's posts and account, with their reasons. Reading the page
    changes nothing; its button marks them read (through the following action, so the bell follows)."""
    if request.method == "POST":
        following.mark_notices_read(acting_user=request.user, moderation_only=True)
        return redirect(reverse("moderation_notices"))
    items = list(
        Notification.objects.filter(user=request.user, action__isnull=False)  # moderation notices only
        .select_related("action", "action__actor", "action__thread", "action__post")[:100]
    )
    return render(
        request, "moderation/notices.html", {"notices": items, "unread": any(n.read_at is None for n in items)}
    )
