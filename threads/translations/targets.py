"""What can be translated (issue 20), one entry per kind: a post, a debate position, a ledger point,
a debate summary, a gathering's description. Each says where its text is, which revision of it is
current, who may read it, who writes it (and so may translate it without volunteering), who
moderates it and where it is shown; the actions and the form stay generic over them.
"""

from dataclasses import dataclass
from typing import Callable

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import access as people
from threads.core import access as core_access
from threads.core.models import Post
from threads.debates.models import LedgerPoint, Position, Summary
from threads.joint import access as joint_access
from threads.joint.models import Gathering
from threads.moderation import access as moderation_access


@dataclass(frozen=True)
class Kind:
    name: str  # also the Translation foreign key's name
    model: type
    related: tuple[str, ...]  # select_related when loading one for the form
    text: Callable  # the original's source text
    revision: Callable  # the original's current revision number
    can_read: Callable  # (user, obj) -> may this person read it (members-only stays members-only)
    is_author: Callable  # (user, obj) -> wrote it (may translate without volunteering)
    can_moderate: Callable  # (user, obj) -> may hide or restore its translation
    url: Callable  # the page showing it, at its place
    thread: Callable  # the thread it belongs to (moderation log, live events), or None
    max_length: int = 0  # 0: the site's limit for a post body
    plain: bool = False  # one line of plain text (a ledger point), not Markdown


def _debate_url(debate, anchor: str) -> str:
    return f"{reverse('debate_detail', args=[debate.thread_id])}#{anchor}"


def _post_readable(user, post: Post) -> bool:
    if not core_access.can_read_thread(user, post.thread):
        return False
    return post.state == Post.State.VISIBLE or (
        post.state == Post.State.QUEUED and bool(user and user.is_authenticated) and post.author_id == user.pk
    )


def _in_debate(user, obj) -> bool:
    return core_access.can_read_thread(user, obj.debate.thread)


def _moderates_debate(user, obj) -> bool:
    return moderation_access.can_moderate_thread(user, obj.debate.thread)


def _moderates_gathering(user, gathering) -> bool:
    """Who moderates the posts of its discussion thread (its areas' moderators, site moderators);
    site moderators alone for one without a thread."""
    if gathering.thread_id is None:
        return people.is_moderator(user)
    return moderation_access.can_moderate_thread(user, gathering.thread)


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "post", Post, ("thread", "author"),
            text=lambda post: post.body_source, revision=lambda post: post.revision_count,
            can_read=_post_readable, is_author=lambda user, post: post.author_id == user.pk,
            can_moderate=lambda user, post: moderation_access.can_moderate_thread(user, post.thread),
            url=lambda post: post.get_absolute_url(), thread=lambda post: post.thread,
        ),
        Kind(
            "position", Position, ("debate__thread", "organization"),
            text=lambda p: p.statement_source, revision=lambda p: p.revision_count,
            can_read=_in_debate, is_author=lambda user, p: people.can_speak_for(user, p.organization),
            can_moderate=_moderates_debate, url=lambda p: _debate_url(p.debate, "debate-positions"),
            thread=lambda p: p.debate.thread, max_length=10000,
        ),
        Kind(
            "point", LedgerPoint, ("debate__thread", "proposed_by"),
            # Reworded only while no one has answered it (debates' reword_point).
            text=lambda p: p.text, revision=lambda p: p.revision_count,
            can_read=_in_debate, is_author=lambda user, p: p.proposed_by_id == user.pk,
            can_moderate=_moderates_debate, url=lambda p: _debate_url(p.debate, f"point-{p.number}"),
            thread=lambda p: p.debate.thread, max_length=300, plain=True,
        ),
        Kind(
            "summary", Summary, ("debate__thread",),
            text=lambda s: s.text_source, revision=lambda s: s.revision_count,
            can_read=_in_debate, is_author=lambda user, s: user.pk in (s.debate.chair_id, s.updated_by_id),
            can_moderate=_moderates_debate, url=lambda s: _debate_url(s.debate, "debate-summary"),
            thread=lambda s: s.debate.thread, max_length=20000,
        ),
        Kind(
            "gathering", Gathering, ("thread", "proposed_by"),
            # Every edit counts (a time or place too); only a changed description outdates translations.
            text=lambda g: g.description_source, revision=lambda g: g.revision_count,
            can_read=joint_access.can_read_gathering, is_author=lambda user, g: g.proposed_by_id == user.pk,
            can_moderate=_moderates_gathering, url=lambda g: f"{g.get_absolute_url()}#gathering-description",
            thread=lambda g: g.thread,
        ),
    )
}


def kind_of(obj) -> Kind:
    for kind in KINDS.values():
        if isinstance(obj, kind.model):
            return kind
    raise TypeError(f"{type(obj).__name__} cannot be translated")


def target_for_reader(*, user, kind: str, pk) -> object:
    """The object of that kind, or Http404 when the kind or the object is missing or the person may
    not read it (no difference shown)."""
    entry = KINDS.get(kind)
    if entry is None:
        raise Http404
    try:
        obj = entry.model.objects.select_related(*entry.related).get(pk=int(pk))
    except (entry.model.DoesNotExist, TypeError, ValueError):
        raise Http404 from None
    if not entry.can_read(user, obj):
        raise Http404
    return obj


def target_of(translation):
    """The translated object (loaded with what its kind needs)."""
    entry = KINDS[translation.kind]
    return entry.model.objects.select_related(*entry.related).get(pk=translation.target_id)


def with_targets(translations):
    """The translations joined with whichever original each translates, loaded with what its kind
    needs (one query; `translation.target` is then no query)."""
    return translations.select_related(
        "translator", *(f"{kind.name}__{related}" for kind in KINDS.values() for related in kind.related)
    )


def loaded_target_for_reader(*, user, translation):
    """The original of a translation loaded through with_targets, or Http404 when this person may
    not read it (no query but the reading check's)."""
    target = translation.target
    if target is None or not KINDS[translation.kind].can_read(user, target):
        raise Http404
    return target


def target_of_for_reader(*, user, translation):
    """The translated original, or Http404 when the person may not read it (a missing one alike);
    a post as core's post_for_reader answers (a queued one only for its author)."""
    if translation.kind == "post":
        return core_access.post_for_reader(user=user, post_id=translation.post_id)
    target = target_of(translation)
    if not KINDS[translation.kind].can_read(user, target):
        raise Http404
    return target


def original(target) -> dict:
    """What a page shows of the original beside its translation: its HTML (or plain text, for a
    ledger point), its source, the title of where it is shown and what translating it is called."""
    kind = kind_of(target)
    return {"source": kind.text(target), **_shown(kind, target)}


def _shown(kind, target) -> dict:
    if kind.name == "post":
        return {"body_html": target.body_html, "title": target.thread.title, "heading": _("Translate a post")}
    if kind.name == "position":
        return {"body_html": target.statement_html, "title": target.debate.thread.title,
                "heading": _("Translate a position")}
    if kind.name == "point":
        return {"text": target.text, "title": target.debate.thread.title, "heading": _("Translate a ledger point")}
    if kind.name == "summary":
        return {"body_html": target.text_html, "title": target.debate.thread.title, "heading": _("Translate a summary")}
    return {"body_html": target.description_html, "title": target.title, "heading": _("Translate a gathering's description")}
