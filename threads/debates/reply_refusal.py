"""Why this person cannot reply here now, said before they write rather than after (issue 18).

The thread page shows this reason in place of the reply box; `actions.create_post` still checks
everything when a reply is posted (this module only reads)."""

from django.utils.translation import gettext as _

from accounts import access as people
from forum.errors import ActionRefused
from threads.core import access
from threads.core.models import Thread
from threads.debates import actions as debate_actions
from threads.debates.models import Debate


def why_no_reply(user, thread: Thread, debate: Debate | None = None) -> str:
    """The refusal a reply would meet, in the reader's language, or "" when the box is useful.
    Visitors get "" (the page asks them to log in)."""
    if not user.is_authenticated:
        return ""
    if people.is_suspended(user):
        return _("Your account is suspended; you cannot post for now.")
    if people.restriction(user):
        return _("Your account is silenced; you cannot post for now.")
    if not people.can_post(user):
        return ""  # the page's own invitation to join an organization says it
    if not access.can_reply(user, thread):
        if thread.is_closed:
            return _("This thread is closed; it takes no new replies.")
        return _("This thread is locked; it takes no new replies.")
    if thread.kind != Thread.Kind.DEBATE:
        return ""
    if debate is None:
        debate = Debate.objects.filter(thread=thread).first()
    if debate is None:
        return ""
    try:
        debate_actions.require_open(debate)
        if debate_actions.can_run(user, debate):
            return ""
        debate_actions.require_before_deadline(debate)
    except ActionRefused as refusal:
        return str(refusal.message)
    if debate.phase == Debate.Phase.OPEN_FLOOR or debate_actions.voices(user, debate):
        return ""
    if debate.phase == Debate.Phase.OPENING:
        return _("In the opening phase only organizations speak: a representative posts its opening statement on its behalf.")
    if debate.phase == Debate.Phase.REBUTTALS:
        return _("In the rebuttals phase only representatives reply, on behalf of their organization.")
    return _("In the summing-up phase only representatives, on behalf of their organization, and the chair post.")
