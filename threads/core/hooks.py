"""What core tells the concerns built on it (debates, moderation, following) without importing them.

Core sits below those packages, so it cannot call them; each connects its receivers here in
`ThreadsConfig.ready()`. A hook says when its receivers run: *inside* the action's transaction
(so a failure rolls the whole action back, and their own live events still go out on commit),
or as a check *before* anything is written (a receiver refuses by raising ActionRefused).
"""

from dataclasses import dataclass, field

from forum.hooks import Hook


@dataclass
class Reply:
    """A reply being checked before it is written. Receivers of `checking_reply` may refuse it
    or fill in what their concern decides (a debate's quote, moderation's initial state)."""

    acting_user: object
    thread: object
    body: str
    on_behalf_of: object = None
    reply_to: object = None
    quote: object = None
    seen_wording: int | None = None  # the version of the quoted text the writer was shown, if the form said
    agreement: str = ""
    quoted_point: object = None
    quoted_position: object = None
    state: str = ""
    extra: dict = field(default_factory=dict)


# Before writing: may this person reply in this thread now? (moderation: timers, closed threads,
# slow mode, suspensions). Receivers take acting_user and thread; they refuse by raising.
reply_gate = Hook("reply_gate")

# Inside the reply's transaction, before writing, after the text is clean: receivers take `reply`
# (a Reply) and may refuse or set its quoted point/position and agreement (debates, which locks the
# debate when a point or position is quoted, as a rewording or a position's revision does) or its
# initial state (moderation: queued).
checking_reply = Hook("checking_reply")

# Inside the transaction that created a thread and its opening post: thread, opening.
thread_created = Hook("thread_created")

# Inside the transaction that created a post (visible or queued): post.
post_created = Hook("post_created")

# Inside the transaction of any edit of a post's text, by its author or a moderator: post, editor,
# redacted (True when a moderator edited to remove information). Search, mentions, live.
post_edited = Hook("post_edited")

# Inside the transaction that gave a thread a new title (`actions.retitle_thread`: an event's
# discussion following the event's edited title): thread, old_title. Search reindexes its opening.
thread_retitled = Hook("thread_retitled")

# Reading a thread for a signed-in reader (access.thread_for_reader): user. Each receiver returns
# annotations (name → expression) read in the same query as the thread, e.g. following's
# `reader_last_read`, so the page records where the reader stopped only when it moves.
reader_thread_annotations = Hook("reader_thread_annotations")
