"""Permission matrix (issue 10, property 4): every role of design.md's table over every
state-changing URL, through the test client.

Roles: visitor · reader (dave) · member (alice, org A) · representative of X (rana, org A) ·
representative of Y (ben, org B) · debate chair (cora, member of org B, chairs `debate`) ·
moderator (mona) · admin (root). Role holders have two-factor on, as roles require.

For each (role, URL) a fresh world is built (`build_world`), the person signs in, and the URL is
POSTed a *valid* request: the one that person would send to make the change (for speaking on an
organization's behalf the organization is always org A, so "representative of Y" asks to speak
for X). Then, with the database compared row by row before and after (every model, sessions and
`last_login` left out):

- **allowed** means: the answer is 2xx or 3xx (not a redirect to the login page) *and* the
  database changed;
- **refused** means: the answer is 403, 404, 400 (a form that offers this person no such choice,
  e.g. an organization they do not speak for) or a redirect to the login page, *and* nothing in
  the database changed.

Anything else (a 500, a 200 that changed nothing, a refusal that wrote something) fails.

Every URL of the URLconf that accepts POST (its view is not limited to GET/HEAD by
`require_http_methods`) must appear in CASES or in NOT_IN_MATRIX with the reason; a new URL
that is not classified fails `test_every_url_that_accepts_post_is_classified`.
"""

import datetime

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import Membership, Organization, User
from tests.conftest import PASSWORD, accept_chair, join, make_user
from tests.security.conftest import age_accounts
from threads.translations import actions as translation_actions
from threads.translations import flag_actions as translation_flags
from threads.core import actions
from threads.debates import actions as da
from threads.following import actions as following
from threads.joint import gatherings
from threads.moderation import actions as moderation
from threads.joint import statements
from threads.models import Area, Debate, LedgerPoint

ROLES = ("visitor", "reader", "member", "rep_x", "rep_y", "chair", "moderator", "admin")
SIGNED_IN = set(ROLES) - {"visitor"}
MODS = {"moderator", "admin"}

# URLs that accept POST but are outside this matrix, and why.
NOT_IN_MATRIX = {
    "set_language": "stores the language in a cookie only; nothing on the server changes",
    "set_theme": "stores the theme in a cookie only; nothing on the server changes",
    "favicon.ico": "a static redirect",
    "healthz": "answers the same whatever is sent",
    # Feeds are Feed instances (no method decorator): they read and never write.
    "feed_home": "read-only Atom feed", "feed_area": "read-only Atom feed", "feed_org": "read-only Atom feed",
    "feed_thread": "read-only Atom feed", "feed_positions": "read-only Atom feed",
    "statement_feed": "read-only Atom feed",
    "feed_tag": "read-only Atom feed", "feed_person": "read-only Atom feed",
}
# Whole URL prefixes outside the matrix: allauth's login, signup, email, password and 2FA views
# (tested in tests/security/test_accounts_security.py, tests/accounts/test_two_factor.py, tests/accounts/test_accounts.py)
# and Django's admin (staff only: test_admin_site_refuses_everyone_but_staff below).
PREFIXES_NOT_IN_MATRIX = ("accounts/", "admin/")


# --- the world each case starts from -----------------------------------------------------------


def build_world(org_a, org_b, area):
    """Everything the URLs act on, made through the actions, as people would."""
    w = {"org_a": org_a, "org_b": org_b, "area": area}
    w["alice"] = make_user("alice", display_name="Alice")
    join(w["alice"], org_a)
    w["rana"] = make_user("rana", display_name="Rana")
    join(w["rana"], org_a, Membership.Role.REPRESENTATIVE)
    w["ben"] = make_user("ben", display_name="Ben")
    join(w["ben"], org_b, Membership.Role.REPRESENTATIVE)
    w["cora"] = make_user("cora", display_name="Cora")
    join(w["cora"], org_b)
    w["bob"] = make_user("bob", display_name="Bob")  # a member of B who is nobody's role here
    join(w["bob"], org_b)
    w["dave"] = make_user("dave", display_name="Dave")
    w["tom"] = make_user("tom", display_name="Tom")  # the person moderators act on
    w["mona"] = make_user("mona", display_name="Mona", is_moderator=True)
    w["root"] = User.objects.create_superuser(username="root", email="root@example.org", password=PASSWORD,
                                              two_factor_enabled=True)
    age_accounts()
    for user in list(w.values()):
        if isinstance(user, User):
            user.refresh_from_db()
    w["org_c"] = Organization.objects.create(slug="org-c", name_fa="سازمان ج", name_en="Organization C",
                                             status=Organization.Status.ADMITTED)
    w["applicant"] = Organization.objects.create(slug="applying", name_fa="متقاضی", name_en="Applying",
                                                 status=Organization.Status.APPLIED)
    w["pending"] = Membership.objects.create(user=w["tom"], organization=org_a, status=Membership.Status.PENDING)
    w["alice_membership"] = Membership.objects.get(user=w["alice"], organization=org_a)

    w["thread"] = actions.create_thread(acting_user=w["alice"], title="A public thread", body="Opening", areas=[area])
    w["opening"] = w["thread"].posts.get()
    w["bobs_post"] = actions.create_post(acting_user=w["bob"], thread=w["thread"], body="Bob's reply")
    w["bobs_translation"] = translation_actions.add_or_update_translation(  # issue 20: the author translates
        acting_user=w["bob"], post=w["bobs_post"], language="fa", body="پاسخ باب"
    )
    w["bobs_translation_flag"] = translation_flags.flag_translation(  # open, for the moderators to handle
        acting_user=w["tom"], translation=w["bobs_translation"], kind="spam"
    )
    w["other_thread"] = actions.create_thread(acting_user=w["bob"], title="Another thread", body="Other", areas=[area])
    merged = actions.create_thread(acting_user=w["bob"], title="Merged", body="Merged", areas=[area])
    w["merge"] = moderation.merge_threads(acting_user=w["mona"], source=merged, target=w["other_thread"], reason="Same")

    def new_debate(title):
        return accept_chair(da.start_debate(
            acting_user=w["alice"], title=title, motion="The coalition calls for a boycott.", body="Let us debate.",
            difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b], chair=w["cora"],
        ))

    w["debate"] = new_debate("A debate")
    w["point"] = da.propose_point(acting_user=w["rana"], debate=w["debate"], text="The election is not free.")
    w["accepted_point"] = da.propose_point(acting_user=w["ben"], debate=w["debate"], text="Workers lead.")
    da.decide_point(acting_user=w["cora"], point=w["accepted_point"], decision=LedgerPoint.Status.ACCEPTED)
    w["position"] = da.publish_position(acting_user=w["rana"], debate=w["debate"], organization=org_a,
                                        stance="supports", statement="We support it.")
    w["summing_up"] = new_debate("A debate being summed up")
    w["summing_up"] = da.move_phase(acting_user=w["cora"], debate=w["summing_up"], to_phase=Debate.Phase.SUMMING_UP,
                              reason="Early")
    da.draft_summary(acting_user=w["cora"], debate=w["summing_up"], text="We agree on much.")
    w["concluded"] = new_debate("A concluded debate")
    w["concluded"] = da.move_phase(acting_user=w["cora"], debate=w["concluded"], to_phase=Debate.Phase.SUMMING_UP,
                              reason="Early")
    da.draft_summary(acting_user=w["cora"], debate=w["concluded"], text="Done.")
    w["concluded"] = da.conclude(acting_user=w["cora"], debate=w["concluded"])
    w["chair_pending"] = da.start_debate(  # cora named chair; the organizations have not answered yet
        acting_user=w["alice"], title="A debate waiting for its chair", motion="M", body="B",
        difference=Debate.Difference.POLITICAL, areas=[area], organizations=[org_a, org_b], chair=w["cora"],
    )

    w["draft"] = statements.draft_statement(
        acting_user=w["rana"], organization=org_a, texts={"en": ("For May Day", "We call on all.")}, areas=[area],
        invite=[org_b],
    )
    statements.respond(acting_user=w["rana"], statement=w["draft"], organization=org_a, language="en",
                       revision_number=1, verdict="sign")
    w["published"] = statements.draft_statement(
        acting_user=w["rana"], organization=org_a, texts={"en": ("Published", "Text.")}, areas=[area],
    )
    statements.respond(acting_user=w["rana"], statement=w["published"], organization=org_a, language="en",
                       revision_number=1, verdict="sign")
    statements.publish(acting_user=w["rana"], statement=w["published"])

    def event(title, days):
        start = timezone.now() + datetime.timedelta(days=days)
        return gatherings.propose(
            acting_user=w["rana"], kind="action", title=title, description="Solidarity",
            starts_at=start, ends_at=start + datetime.timedelta(hours=2),
            time_zone="UTC", place="Queen's Park", online_url="", areas=[area], organizers=[org_a],
        )

    w["future_event"] = event("March", 10)
    w["past_event"] = event("Last march", -10)
    from threads.models import ModerationAction, Notification

    note = ModerationAction.objects.create(  # a moderation notice each, for the notices page's "mark read"
        actor=w["mona"], action=ModerationAction.Kind.EDIT_POST, target_type="post", target_id=w["bobs_post"].pk,
        thread=w["thread"], post=w["bobs_post"], reason="matrix",
    )
    for name in ("alice", "rana", "ben", "cora", "dave", "mona", "root"):
        Notification.objects.create(user=w[name], kind=Notification.Kind.REPLY, actor=w["bob"], thread=w["thread"],
                                    post=w["bobs_post"])
        Notification.objects.create(user=w[name], kind=Notification.Kind.MODERATION, action=note, thread=w["thread"])
    w["unsubscribe_token"] = following.unsubscribe_token(w["alice"])
    return w


# --- the table ---------------------------------------------------------------------------------
# url name: (url(w), data(w), roles allowed)


def u(name, *args):
    return reverse(name, args=args)


CASES = {
    # organizations and memberships (accounts/)
    "org_apply": (lambda w: u("org_apply"), lambda w: {"name_fa": "سازمان نو", "name_en": "New", "description": "Us"},
                  SIGNED_IN),
    "org_decide": (lambda w: u("org_decide", "applying"), lambda w: {"decision": "admit"}, {"admin"}),
    "org_join": (lambda w: u("org_join", "org-c"), lambda w: {"note": "Hello"}, SIGNED_IN),
    "membership_decide": (lambda w: u("membership_decide", "org-a", w["pending"].pk),
                          lambda w: {"decision": "approve"}, {"rep_x", "admin"}),
    "membership_role": (lambda w: u("membership_role", "org-a", w["alice_membership"].pk),
                        lambda w: {"role": "representative"}, {"rep_x", "admin"}),
    "profile": (lambda w: u("profile"), lambda w: {"display_name": "A new name"}, SIGNED_IN),
    "membership_leave": (lambda w: u("membership_leave", w["alice_membership"].pk), lambda w: {}, {"member"}),
    # people's pages (issue 19): following someone, and one's own page (handle, bio, listing)
    "person_follow": (lambda w: u("person_follow", "tom"), lambda w: {"follow": "1"}, SIGNED_IN),
    "my_page": (lambda w: u("my_page"), lambda w: {"handle": "a-new-handle", "bio": "Hello", "lists_posts": "on"},
                SIGNED_IN),
    # one's own account only: the password typed again is the person's own
    "account_delete": (lambda w: u("account_delete"), lambda w: {"password": PASSWORD}, SIGNED_IN),
    # threads and posts
    "thread_new": (lambda w: u("thread_new"),
                   lambda w: {"title": "New thread", "body": "Text", "areas": [w["area"].pk], "visibility": "public"},
                   {"member", "rep_x", "rep_y", "chair", "moderator", "admin"}),
    "thread_reply": (lambda w: u("thread_reply", w["thread"].pk), lambda w: {"body": "A reply"},
                     {"member", "rep_x", "rep_y", "chair", "moderator", "admin"}),
    "post_edit": (lambda w: u("post_edit", w["opening"].pk), lambda w: {"body": "Edited", "reason": "typo"},
                  {"member", "moderator", "admin"}),  # the author, or a moderator (a revision is kept)
    "post_flag": (lambda w: u("post_flag", w["bobs_post"].pk), lambda w: {"kind": "attack", "note": "rude"},
                  SIGNED_IN),
    # debates
    "debate_new": (lambda w: u("debate_new"),
                   lambda w: {"title": "Debate", "motion": "We should.", "difference": "political", "body": "Open",
                              "areas": [w["area"].pk], "organizations": [w["org_a"].pk, w["org_b"].pk],
                              "chair": "cora", "visibility": "public"},
                   {"member", "rep_x", "rep_y", "chair", "moderator", "admin"}),
    "debate_phase": (lambda w: u("debate_phase", w["debate"].thread_id), lambda w: {"phase": "rebuttals"},
                     {"chair", "moderator", "admin"}),
    "debate_position": (lambda w: u("debate_position", w["debate"].thread_id),
                        lambda w: {"organization": w["org_a"].pk, "stance": "supports", "statement": "We support."},
                        {"rep_x"}),
    "debate_point": (lambda w: u("debate_point", w["debate"].thread_id), lambda w: {"text": "A new point."},
                     {"member", "rep_x", "rep_y", "chair", "moderator", "admin"}),
    "point_decide": (lambda w: u("point_decide", w["point"].pk), lambda w: {"decision": "accepted"},
                     {"chair", "moderator", "admin"}),
    "point_reword": (lambda w: u("point_reword", w["point"].pk), lambda w: {"text": "The election was not free."},
                     {"rep_x", "chair", "moderator", "admin"}),  # rana proposed it; nobody answered it yet
    "point_stance": (lambda w: u("point_stance", w["accepted_point"].pk),
                     lambda w: {"organization": w["org_a"].pk, "value": "agree"}, {"rep_x"}),
    "debate_summary": (lambda w: u("debate_summary", w["summing_up"].thread_id), lambda w: {"text": "Summed up."},
                       {"chair", "moderator", "admin"}),
    "debate_endorse": (lambda w: u("debate_endorse", w["summing_up"].thread_id),
                       lambda w: {"organization": w["org_a"].pk, "verdict": "endorse"}, {"rep_x"}),
    "debate_chair_answer": (lambda w: u("debate_chair_answer", w["chair_pending"].thread_id),
                            lambda w: {"organization": w["org_a"].pk, "verdict": "accept"}, {"rep_x"}),
    "debate_chair_name": (lambda w: u("debate_chair_name", w["debate"].thread_id),
                          lambda w: {"chair": "mona", "reason": "The chair is away."}, {"moderator", "admin"}),
    "debate_conclude": (lambda w: u("debate_conclude", w["summing_up"].thread_id), lambda w: {},
                        {"chair", "moderator", "admin"}),
    "debate_reopen": (lambda w: u("debate_reopen", w["concluded"].thread_id), lambda w: {"phase": "summing_up", "reason": "More to say"},
                      {"admin"}),  # reopening a concluded debate: admins only
    # joint statements and events
    "statement_new": (lambda w: u("statement_new"),
                      lambda w: {"organization": str(w["org_a"].pk), "title_fa": "", "text_fa": "",
                                 "title_en": "Statement", "text_en": "We call.", "areas": [w["area"].pk],
                                 "visibility": "public"},
                      {"rep_x"}),
    "statement_revise": (lambda w: u("statement_revise", w["draft"].pk) + "?language=en",
                         lambda w: {"language": "en", "title": "For May Day", "text": "We call on everyone.",
                                    "note": ""},
                         {"rep_x"}),
    "statement_respond": (lambda w: u("statement_respond", w["draft"].pk),
                          lambda w: {"language_prefix": "en", "en-organization": str(w["org_b"].pk),
                                     "en-language": "en", "en-revision": "1", "en-verdict": "sign"},
                          {"rep_y"}),
    "statement_invite": (lambda w: u("statement_invite", w["draft"].pk),
                         lambda w: {"organizations": [w["org_c"].pk]}, {"rep_x"}),
    "statement_publish": (lambda w: u("statement_publish", w["draft"].pk), lambda w: {}, {"rep_x"}),
    "statement_correct": (lambda w: u("statement_correct", w["published"].pk) + "?language=en",
                          lambda w: {"language": "en", "title": "Published", "text": "Text, corrected.",
                                     "reason": "A typo"},
                          {"admin"}),
    "gathering_new": (lambda w: u("gathering_new"),
                      lambda w: {"kind": "action", "title": "Picket", "description": "Solidarity",
                                 "starts_at": "2030-03-08T12:00", "ends_at": "2030-03-08T14:00", "time_zone": "UTC",
                                 "place": "Queen's Park", "online_url": "", "areas": [w["area"].pk],
                                 "organizers": [str(w["org_a"].pk)], "visibility": "public"},
                      {"member", "rep_x"}),
    "gathering_endorse": (lambda w: u("gathering_endorse", w["future_event"].pk),
                          lambda w: {"organization": str(w["org_b"].pk)}, {"rep_y"}),
    "gathering_summing_up": (lambda w: u("gathering_summing_up", w["past_event"].pk),
                             lambda w: {"thread": w["thread"].pk}, {"rep_x", "moderator", "admin"}),
    "gathering_edit": (lambda w: u("gathering_edit", w["past_event"].pk),
                       lambda w: {"title": "Corrected", "description": "Corrected.", "starts_at": "2020-03-08T12:00",
                                  "ends_at": "2020-03-08T14:00", "time_zone": "UTC", "place": "Queen's Park",
                                  "online_url": ""},
                       {"rep_x", "moderator", "admin"}),
    # following and notifications
    "follow": (lambda w: u("follow", "thread", w["thread"].pk), lambda w: {"level": "watching"}, SIGNED_IN),
    "notifications": (lambda w: u("notifications"), lambda w: {"mark_read": "1"}, SIGNED_IN),
    "moderation_notices": (lambda w: u("moderation_notices"), lambda w: {}, SIGNED_IN),
    "notification_preferences": (lambda w: u("notification_preferences"),
                                 lambda w: {"email": "daily", "watch_when_posting": "on"}, SIGNED_IN),
    # the signed token is the permission: anyone holding it (the email's reader) may use it
    "unsubscribe": (lambda w: u("unsubscribe", w["unsubscribe_token"]), lambda w: {}, set(ROLES)),
    "new_since_visit": (lambda w: u("new_since_visit"), lambda w: {}, SIGNED_IN),
    # moderation
    "moderation_log_undo": (lambda w: u("moderation_log_undo", w["merge"].pk), lambda w: {"reason": "Mistake"}, MODS),
    "moderation_post": (lambda w: u("moderation_post", w["bobs_post"].pk), lambda w: {"do": "hide", "reason": "Rude"},
                        MODS),
    # corrections for privacy (issue 17)
    "redact_position": (lambda w: u("redact_position", w["position"].pk),
                        lambda w: {"text": "We support it, corrected.", "reason": "A phone number"}, MODS),
    "redact_summary": (lambda w: u("redact_summary", w["summing_up"].summary.pk),
                       lambda w: {"text": "We agree, corrected.", "reason": "An address"}, MODS),
    "moderation_thread": (lambda w: u("moderation_thread", w["thread"].pk), lambda w: {"do": "lock", "reason": "Calm"},
                          MODS),
    # translations (issue 20): the post's author (alice wrote the opening) or a volunteer translator
    "post_translate": (lambda w: u("post_translate", w["opening"].pk),
                       lambda w: {"language": "fa", "body": "آغاز گفت‌وگو", "version": "0"}, {"member"}),
    # /translate/<kind>/<id>/ (the position of org A): whoever speaks for org A, or a volunteer translator;
    # the other kinds' authors are in tests/translations/test_target_translations.py
    "translate": (lambda w: u("translate", "position", w["position"].pk),
                  lambda w: {"language": "fa", "body": "ما از آن پشتیبانی می‌کنیم.", "version": "0"}, {"rep_x"}),
    "translation_moderate": (lambda w: u("translation_moderate", w["bobs_translation"].pk),
                             lambda w: {"do": "hide", "reason": "Not a translation"}, MODS),
    "translator_suspend": (lambda w: u("translator_suspend", "tom"), lambda w: {"reason": "Careless"}, MODS),
    "profile_translator": (lambda w: u("profile_translator"), lambda w: {"volunteers_as_translator": "on"}, SIGNED_IN),
    # flagging a translation (any signed-in reader but its translator, bob, who is nobody's role here);
    # its flags are handled by moderators from the review queue
    "translation_flag": (lambda w: u("translation_flag", w["bobs_translation"].pk),
                         lambda w: {"kind": "wrong", "note": "Not faithful"}, SIGNED_IN),
    "translation_flags_resolve": (lambda w: u("translation_flags_resolve", w["bobs_translation"].pk),
                                  lambda w: {"do": "dismiss"}, MODS),
    "moderation_person": (lambda w: u("moderation_person", "tom"),
                          lambda w: {"do": "suspend", "kind": "suspend", "days": 2, "reason": "Attacks"}, MODS),
    "moderation_org_decide": (lambda w: u("moderation_org_decide", "applying"),
                              lambda w: {"decision": "admit", "reason": "Welcome"}, {"admin"}),
    "moderation_membership_decide": (lambda w: u("moderation_membership_decide", w["pending"].pk),
                                     lambda w: {"decision": "approve", "reason": "Known"}, {"rep_x", "admin"}),
}

PERSON = {"visitor": None, "reader": "dave", "member": "alice", "rep_x": "rana", "rep_y": "ben", "chair": "cora",
          "moderator": "mona", "admin": "root"}


# --- the URLconf, and which of its URLs accept POST ----------------------------------------------


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _allowed_methods(view) -> set[str] | None:
    """The methods a require_http_methods decorator lets through, or None when nothing limits them."""
    func = view
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars and func.__closure__:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        func = getattr(func, "__wrapped__", None)
    return None


def post_urls() -> dict[str, str]:
    """{name (or route when unnamed): route} of every URL whose view may accept POST."""
    found = {}
    for route, pattern in _patterns():
        if route.startswith(PREFIXES_NOT_IN_MATRIX):
            continue
        methods = _allowed_methods(pattern.callback)
        if methods is not None and "POST" not in methods:
            continue
        found[pattern.name or route] = route
    return found


def test_every_url_that_accepts_post_is_classified():
    unclassified = set(post_urls()) - set(CASES) - set(NOT_IN_MATRIX)
    assert not unclassified, (
        f"URLs that accept POST but are not in the permission matrix: {sorted(unclassified)}. Add each to CASES in "
        "tests/security/test_permission_matrix.py (who may use it) or to NOT_IN_MATRIX (why it changes nothing)."
    )


def test_the_introspection_sees_method_limits():
    found = post_urls()
    assert "thread_reply" in found and "org_join" in found and "unsubscribe" in found
    assert "org_list" not in found and "thread_detail" not in found and "search" not in found


# --- the walk ----------------------------------------------------------------------------------


def snapshot() -> dict:
    """Every row of every model (sessions and last_login left out): what a request may have changed."""
    rows = {}
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session",) or not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        rows[model._meta.label] = sorted(map(repr, model._default_manager.values_list(*fields)))
    return rows


def changed(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after[label]]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, name, org_a, org_b, area):
    url_of, data_of, allowed = CASES[name]
    w = build_world(org_a, org_b, area)
    if PERSON[role]:
        client.force_login(w[PERSON[role]])
    url, data = url_of(w), data_of(w)
    before = snapshot()
    response = client.post(url, data)
    after = snapshot()
    diff = changed(before, after)
    status = response.status_code
    to_login = status == 302 and response["Location"].startswith("/accounts/login/")
    where = f"{role} POST {url} -> {status}, changed {diff}"
    if role in allowed:
        assert 200 <= status < 400 and not to_login, f"should be allowed: {where}"
        assert diff, f"allowed but nothing changed: {where}"
    else:
        assert status in (400, 403, 404) or to_login, f"should be refused: {where}"
        assert not diff, f"refused but something changed: {where}"


def test_a_forged_unsubscribe_token_changes_nothing(client, org_a, org_b, area):
    w = build_world(org_a, org_b, area)
    before = snapshot()
    response = client.post(u("unsubscribe", w["unsubscribe_token"][:-2] + "xx"))
    assert response.status_code == 400 and not changed(before, snapshot())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_admin_site_refuses_everyone_but_staff(client, role, org_a, org_b, area):
    w = build_world(org_a, org_b, area)
    if PERSON[role]:
        client.force_login(w[PERSON[role]])
    before = snapshot()
    response = client.post("/admin/accounts/membership/", {"action": "approve", "_selected_action": [w["pending"].pk]})
    if role == "admin":
        assert response.status_code == 302 and changed(before, snapshot())
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert not changed(before, snapshot())
