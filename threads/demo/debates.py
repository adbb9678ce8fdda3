"""Two demo debates among the six signatory organizations, created through the debate actions.

- «تحریم انتخابات ریاست جمهوری» (Persian): concluded, with positions, a ledger of nine points,
  a summary (جمع‌بندی), endorsements and one dissent.
- "Independent workers' organizations or reform from within?" (English): in the rebuttals phase,
  with positions, opening statements, rebuttals and a ledger of eight points.

Called by `seed_demo` after the organizations and the named users exist. Idempotent: a debate whose
title already exists is left alone. Each organization needs a representative to speak for it; the
demo has only rana (Vancouver), so one representative per other organization is created here
(with no usable password: they only author the demo content).
"""

import os
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.demo import enable_demo_two_factor
from accounts.models import Membership, Organization, User
from threads.core import actions
from threads.core.models import Area, Post, Thread
from threads.debates import actions as da
from threads.debates.models import Debate, LedgerPoint, Position

WASHINGTON = "ila-washington"
VANCOUVER = "ila-vancouver"
SOCIALIST = "socialist-left-alliance"
LOS_ANGELES = "left-activists-los-angeles"
CHICAGO = "iranian-leftists-chicago"
MONTREAL = "1980s-massacre-committee-montreal"

REPRESENTATIVES = {
    VANCOUVER: ("rana", "رعنا"),
    WASHINGTON: ("siavash", "سیاوش"),
    SOCIALIST: ("leila", "لیلا"),
    LOS_ANGELES: ("behrouz", "Behrouz"),
    CHICAGO: ("parvin", "Parvin K."),
    MONTREAL: ("shirin", "شیرین"),
}

BOYCOTT_TITLE = "آیا ائتلاف باید به تحریم انتخابات ریاست جمهوری فراخوان دهد؟"
WORKERS_TITLE = "Independent workers' organizations, or reform from within the official councils?"


def representative(slug: str, org: Organization) -> User:
    username, display_name = REPRESENTATIVES[slug]
    user = User.objects.filter(username=username).first()
    if user is None:
        # A demo representative of each signatory, who can log in like the other demo people, so a
        # visitor can try signing a statement or recording a stance for any organization.
        user = User(username=username, email=f"{username}@example.org", display_name=display_name)
        user.set_password(os.environ.get("DEMO_PASSWORD") or "hamgami-demo-2016")
        user.save()
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    membership, _created = Membership.objects.get_or_create(
        user=user,
        organization=org,
        defaults={"role": Membership.Role.REPRESENTATIVE, "status": Membership.Status.APPROVED, "decided_at": timezone.now()},
    )
    if membership.role != Membership.Role.REPRESENTATIVE or membership.status != Membership.Status.APPROVED:
        membership.role = Membership.Role.REPRESENTATIVE
        membership.status = Membership.Status.APPROVED
        membership.save(update_fields=["role", "status"])
    enable_demo_two_factor(user)
    user.refresh_from_db(fields=["two_factor_enabled"])
    return user


def seed_debates(stdout=None) -> int:
    """Create the two demo debates if they are missing; returns how many were created."""
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=REPRESENTATIVES)}
    missing = set(REPRESENTATIVES) - set(orgs)
    if missing:
        raise RuntimeError(f"seed_debates needs the six signatory organizations; missing: {sorted(missing)}")
    people = {name: User.objects.get(username=name) for name in ("alice", "bob", "mona")}
    reps = {slug: representative(slug, org) for slug, org in orgs.items()}
    areas = {a.number: a for a in Area.objects.all()}
    created = 0
    for title, build in ((BOYCOTT_TITLE, _boycott), (WORKERS_TITLE, _workers)):
        if Thread.objects.filter(title=actions.clean_title(title)).exists():
            continue
        with transaction.atomic():
            build(orgs, reps, people, areas)
        created += 1
    if stdout is not None:
        stdout.write(f"Demo debates: {created} created, {2 - created} already there.")
    return created


def _post(user, debate, body, org=None, *, reply_to=None, quote=None, agreement=""):
    return actions.create_post(
        acting_user=user, thread=debate.thread, body=body, on_behalf_of=org, reply_to=reply_to, quote=quote,
        agreement=agreement,
    )


def _position(debate, slug, orgs):
    return Position.objects.get(debate=debate, organization=orgs[slug])


def _fresh(debate):
    return Debate.objects.select_related("thread").get(pk=debate.pk)


def _ledger(debate, chair, proposer, points, reps, orgs, rejected=(), merged=()):
    """points: [(text, {org slug: (stance, reason)})]; returns the accepted points."""
    accepted = []
    for text, stances in points:
        point = da.propose_point(acting_user=proposer, debate=debate, text=text)
        point = da.decide_point(acting_user=chair, point=point, decision=LedgerPoint.Status.ACCEPTED)
        accepted.append(point)
        for slug, (value, reason) in stances.items():
            da.record_stance(acting_user=reps[slug], point=point, organization=orgs[slug], value=value, reason=reason)
    for text in rejected:
        point = da.propose_point(acting_user=proposer, debate=debate, text=text)
        da.decide_point(acting_user=chair, point=point, decision=LedgerPoint.Status.REJECTED, note="")
    for text, into in merged:
        point = da.propose_point(acting_user=proposer, debate=debate, text=text)
        da.decide_point(acting_user=chair, point=point, decision=LedgerPoint.Status.MERGED, merge_into=accepted[into])
    return accepted


# --- debate 1: the boycott (Persian, concluded) -------------------------------------------------


def _boycott(orgs, reps, people, areas):
    mona, alice, bob = people["mona"], people["alice"], people["bob"]
    debate = da.start_debate(
        acting_user=reps[VANCOUVER],
        title=BOYCOTT_TITLE,
        motion="ائتلاف به تحریم فعال انتخابات ریاست جمهوری جمهوری اسلامی فراخوان می‌دهد و آن را با افشای "
        "نظارت استصوابی و دفاع از زندانیان سیاسی همراه می‌کند.",
        body="رفقا، انتخابات پیش رو دوباره این پرسش را پیش کشیده که موضع مشترک ما چیست. پیشنهاد می‌کنیم "
        "این بحث را طبق روال ائتلاف پیش ببریم: موضع هر سازمان، پاسخ‌ها، بحث آزاد و سپس جمع‌بندی.\n\n"
        "*Comrades: the coming election raises again the question of our common stance. Let us debate it "
        "in the coalition's way: positions, replies, open floor, then a summing-up.*",
        difference=Debate.Difference.POLITICAL,
        areas=[areas[3], areas[5]],
        chair=mona,
        on_behalf_of=orgs[VANCOUVER],
    )
    positions = {
        VANCOUVER: ("supports", "ما از تحریم فعال پشتیبانی می‌کنیم: انتخاباتی که نامزدهایش را شورای نگهبان "
                    "برمی‌گزیند انتخاب نیست. تحریم باید با کار افشاگرانه و همبستگی با زندانیان سیاسی همراه باشد."),
        WASHINGTON: ("supports", "تحریم را درست می‌دانیم، به شرط آن‌که ائتلاف به جای شعار صرف، گزارش مستند از "
                     "سرکوب پیش از انتخابات منتشر کند."),
        SOCIALIST: ("reservations", "با تحریم موافقیم اما نگرانیم که «تحریم» به خودی خود به سیاست بدل شود. "
                    "مرکز ثقل باید سازمان‌یابی مستقل کارگران و زنان باشد، نه تقویم انتخاباتی حکومت."),
        LOS_ANGELES: ("supports", "تحریم، و در کنار آن کارزار بین‌المللی برای آزادی زندانیان سیاسی."),
        CHICAGO: ("reservations", "تحریم را می‌پذیریم، اما فراخوان باید به زبان کارگران و برای مخاطب داخل "
                  "ایران نوشته شود، نه فقط برای تبعیدیان."),
        MONTREAL: ("supports", "برای خانواده‌های جان‌باختگان دهه شصت، شرکت در این نمایش بی‌معناست. "
                   "بسیاری از نامزدها خود در کشتار ۶۷ نقش داشته‌اند."),
    }
    for slug, (stance, statement) in positions.items():
        da.publish_position(acting_user=reps[slug], debate=debate, organization=orgs[slug], stance=stance, statement=statement)
    vancouver_opening = _post(
        reps[VANCOUVER], debate, "بیانیه آغازین ما: تحریم فعال، همراه با افشاگری و دفاع از زندانیان سیاسی.", orgs[VANCOUVER]
    )
    socialist_opening = _post(
        reps[SOCIALIST], debate, "بیانیه آغازین ما: تحریم آری، اما مرکز ثقل سازمان‌یابی مستقل است.", orgs[SOCIALIST]
    )
    _post(reps[MONTREAL], debate, "بیانیه آغازین ما به یاد جان‌باختگان دهه شصت.", orgs[MONTREAL])

    debate = da.move_phase(acting_user=mona, debate=_fresh(debate), to_phase=Debate.Phase.REBUTTALS)
    _post(reps[CHICAGO], debate, "رفقای اتحاد چپ سوسیالیستی درست می‌گویند؛ اما تحریم و سازمان‌یابی در برابر "
          "هم نیستند. پیشنهاد می‌کنیم فراخوان هر دو را با هم بگوید.", orgs[CHICAGO], reply_to=socialist_opening)
    _post(reps[WASHINGTON], debate, "در پاسخ به رفقای ونکوور: افشاگری بدون مستندسازی قانع‌کننده نیست. "
          "ما حاضریم گزارش را تهیه کنیم.", orgs[WASHINGTON], reply_to=vancouver_opening)

    debate = da.move_phase(acting_user=mona, debate=_fresh(debate), to_phase=Debate.Phase.OPEN_FLOOR)
    _post(alice, debate, "به نظرم فراخوان باید کوتاه باشد و به چند زبان منتشر شود.")
    _post(bob, debate, "I agree with Chicago: the call should speak to workers inside Iran first.",
          quote=_position(debate, CHICAGO, orgs), agreement="agree")

    points = [
        ("انتخابات تحت نظارت استصوابی شورای نگهبان انتخابات آزاد نیست.",
         {s: ("agree", "") for s in REPRESENTATIVES}),
        ("ائتلاف در هیچ حالتی از نامزدی حمایت نمی‌کند.",
         {s: ("agree", "") for s in REPRESENTATIVES}),
        ("فراخوان تحریم با کارزار آزادی زندانیان سیاسی همراه می‌شود.",
         {VANCOUVER: ("agree", ""), WASHINGTON: ("agree", ""), SOCIALIST: ("agree", ""), LOS_ANGELES: ("agree", ""),
          CHICAGO: ("agree", ""), MONTREAL: ("agree", "")}),
        ("تحریم، محور اصلی فعالیت ائتلاف در ماه‌های پیش رو است.",
         {VANCOUVER: ("agree", ""), WASHINGTON: ("agree", ""), SOCIALIST: ("disagree", "محور، سازمان‌یابی مستقل است."),
          LOS_ANGELES: ("agree", ""), CHICAGO: ("reservation", "در کنار حمایت از اعتصاب‌ها."), MONTREAL: ("agree", "")}),
        ("فراخوان به فارسی و انگلیسی و برای مخاطب داخل ایران نوشته می‌شود.",
         {VANCOUVER: ("agree", ""), WASHINGTON: ("agree", ""), SOCIALIST: ("agree", ""), LOS_ANGELES: ("agree", ""),
          CHICAGO: ("agree", ""), MONTREAL: ("abstain", "")}),
        ("ائتلاف گزارشی مستند از سرکوب پیش از انتخابات منتشر می‌کند.",
         {VANCOUVER: ("agree", ""), WASHINGTON: ("agree", "ما تهیه‌اش می‌کنیم."), SOCIALIST: ("agree", ""),
          LOS_ANGELES: ("reservation", "توان انجامش را نداریم."), CHICAGO: ("agree", ""), MONTREAL: ("agree", "")}),
        ("شرکت در انتخابات در هیچ شرایطی مجاز نیست، حتی در انتخابات شوراهای محلی.",
         {VANCOUVER: ("disagree", "شوراهای محلی بحث دیگری است."), WASHINGTON: ("reservation", ""),
          SOCIALIST: ("disagree", "جدا از این انتخابات بحث شود."), LOS_ANGELES: ("agree", ""),
          CHICAGO: ("disagree", ""), MONTREAL: ("agree", "")}),
        ("تجمع‌های روز انتخابات در شهرهای محل فعالیت سازمان‌ها برگزار می‌شود.",
         {VANCOUVER: ("agree", ""), WASHINGTON: ("agree", ""), SOCIALIST: ("reservation", "به شرط محتوای مشترک."),
          LOS_ANGELES: ("agree", ""), CHICAGO: ("agree", ""), MONTREAL: ("agree", "")}),
        ("نامزدهای دخیل در کشتار ۶۷ در فراخوان به نام ذکر می‌شوند.",
         {VANCOUVER: ("agree", ""), WASHINGTON: ("agree", ""), SOCIALIST: ("agree", ""), LOS_ANGELES: ("agree", ""),
          CHICAGO: ("agree", ""), MONTREAL: ("agree", "")}),
    ]
    accepted = _ledger(
        debate, mona, alice, points, reps, orgs,
        rejected=["ائتلاف از اصلاح‌طلبان می‌خواهد که کنار بکشند."],
        merged=[("انتخابات آزاد نیست چون نامزدها گزینش می‌شوند.", 0)],
    )
    _post(alice, debate, "شوراهای محلی در ایران هم زیر نظارت همان دستگاه‌اند؛ جدا کردن این بحث به نظرم "
          "تحریم را سست می‌کند.", quote=accepted[6], agreement="agree")
    _post(bob, debate, "Making the boycott the coalition's main axis leaves the strikes without the support "
          "they need now.", quote=accepted[3], agreement="disagree")

    debate = da.move_phase(acting_user=mona, debate=_fresh(debate), to_phase=Debate.Phase.SUMMING_UP)
    da.draft_summary(
        acting_user=mona,
        debate=debate,
        text="## جمع‌بندی\n\n"
        "**اشتراکات:** همه سازمان‌ها این انتخابات را آزاد نمی‌دانند، از هیچ نامزدی حمایت نمی‌کنند، تحریم را با "
        "کارزار آزادی زندانیان سیاسی همراه می‌کنند و نام نامزدهای دخیل در کشتار ۶۷ را در فراخوان می‌آورند.\n\n"
        "**اختلافات:** این‌که تحریم محور اصلی فعالیت ماه‌های پیش رو باشد یا سازمان‌یابی مستقل، و موضع در "
        "برابر انتخابات شوراهای محلی. این دو در بحث جداگانه‌ای دنبال می‌شوند.\n\n"
        "**گام بعد:** فراخوان مشترک به فارسی و انگلیسی، و گزارش مستند که اتحاد چپ ایرانیان واشنگتن تهیه می‌کند.",
    )
    debate = _fresh(debate)
    verdicts = {
        VANCOUVER: ("endorse", ""),
        WASHINGTON: ("endorse", ""),
        SOCIALIST: ("dissent", "جمع‌بندی اختلاف بر سر محور فعالیت را کم‌رنگ می‌کند؛ ما سازمان‌یابی مستقل را "
                    "محور می‌دانیم و این باید روشن‌تر ثبت شود."),
        LOS_ANGELES: ("endorse", ""),
        CHICAGO: ("endorse", "با تأکید بر این‌که فراخوان برای کارگران داخل ایران نوشته شود."),
        MONTREAL: ("endorse", ""),
    }
    for slug, (verdict, reason) in verdicts.items():
        da.endorse_summary(acting_user=reps[slug], debate=debate, organization=orgs[slug], verdict=verdict, reason=reason)
    da.conclude(acting_user=mona, debate=_fresh(debate))


# --- debate 2: workers' organizations (English, rebuttals) ----------------------------------------


def _workers(orgs, reps, people, areas):
    mona, bob = people["mona"], people["bob"]
    debate = da.start_debate(
        acting_user=reps[CHICAGO],
        title=WORKERS_TITLE,
        motion="The coalition supports only independent workers' organizations in Iran, and does not call on "
        "workers to work inside the state's Islamic Labour Councils.",
        body="Comrades, the recent strikes in Haft Tappeh and the oil contract sector have revived an old "
        "question among us: are the official councils a space to be used, or an instrument of control to be "
        "refused? Each organization's opening statement first, please.\n\n"
        "رفقا، اعتصاب‌های اخیر این پرسش قدیمی را دوباره پیش کشیده است.",
        difference=Debate.Difference.POLITICAL,
        areas=[areas[1]],
        chair=mona,
        on_behalf_of=orgs[CHICAGO],
        phase_deadline=timezone.now() + timedelta(days=10),
    )
    positions = {
        CHICAGO: ("supports", "Only organizations workers build and control themselves can defend them. The "
                  "Islamic Labour Councils were created to prevent exactly that."),
        VANCOUVER: ("supports", "We support the motion; our local unions' solidarity goes to the independent "
                    "syndicates (Vahed, Haft Tappeh)."),
        SOCIALIST: ("reservations", "We support independent organizations, but where no independent body "
                    "exists, workers sometimes use the councils' elections to put forward their own delegates. "
                    "We should not condemn that."),
        WASHINGTON: ("undecided", "Our members are divided; we will publish a position after the rebuttals."),
        LOS_ANGELES: ("supports", "Independence from the state and from employers is the first principle."),
        MONTREAL: ("abstains", "This is outside our committee's mandate; we will respect the coalition's summary."),
    }
    for slug, (stance, statement) in positions.items():
        da.publish_position(acting_user=reps[slug], debate=debate, organization=orgs[slug], stance=stance, statement=statement)
    _post(reps[CHICAGO], debate, "**Opening statement.** The councils are organs of the state inside the "
          "workplace. Calling on workers to join them lends them a legitimacy they have never earned.", orgs[CHICAGO])
    _post(reps[SOCIALIST], debate, "**Opening statement.** Independence is the goal; tactics on the ground vary. "
          "We ask the coalition not to judge workers who use every available space.", orgs[SOCIALIST])
    _post(reps[VANCOUVER], debate, "بیانیه آغازین: ما از سندیکاهای مستقل پشتیبانی می‌کنیم و همبستگی اتحادیه‌های "
          "محلی ونکوور را به آن‌ها پیوند می‌دهیم.", orgs[VANCOUVER])

    debate = da.move_phase(acting_user=mona, debate=_fresh(debate), to_phase=Debate.Phase.REBUTTALS,
                           deadline=timezone.now() + timedelta(days=7))
    _post(reps[CHICAGO], debate, "To the Socialist Left Alliance: using the councils' elections is not neutral. "
          "Every such election is presented by the ministry as proof of workers' representation.", orgs[CHICAGO],
          quote=_position(debate, SOCIALIST, orgs), agreement="disagree")
    chicago_opening = Post.objects.filter(thread=debate.thread, on_behalf_of=orgs[CHICAGO]).order_by("pk").first()
    _post(reps[SOCIALIST], debate, "To Chicago: we do not call on anyone to join. We only refuse to condemn "
          "workers who, under repression, elect militants as delegates. That is a real difference between us.",
          orgs[SOCIALIST], reply_to=chicago_opening)

    points = [
        ("The Islamic Labour Councils are not workers' organizations.",
         {CHICAGO: ("agree", ""), VANCOUVER: ("agree", ""), SOCIALIST: ("agree", ""), LOS_ANGELES: ("agree", ""),
          WASHINGTON: ("agree", "")}),
        ("The coalition supports the independent syndicates (Vahed, Haft Tappeh) unconditionally.",
         {CHICAGO: ("agree", ""), VANCOUVER: ("agree", ""), SOCIALIST: ("agree", ""), LOS_ANGELES: ("agree", ""),
          WASHINGTON: ("agree", ""), MONTREAL: ("agree", "")}),
        ("Workers who stand as delegates in council elections should not be condemned.",
         {CHICAGO: ("disagree", "It legitimizes the councils."), VANCOUVER: ("reservation", "Case by case."),
          SOCIALIST: ("agree", ""), LOS_ANGELES: ("disagree", "")}),
        ("The coalition never calls on workers to join the official councils.",
         {CHICAGO: ("agree", ""), VANCOUVER: ("agree", ""), SOCIALIST: ("agree", "We never have."),
          LOS_ANGELES: ("agree", "")}),
        ("Solidarity funds raised by the coalition go only to independent organizations.",
         {CHICAGO: ("agree", ""), VANCOUVER: ("agree", ""), SOCIALIST: ("reservation", "Also to strike funds of unorganized workers."),
          LOS_ANGELES: ("agree", "")}),
        ("Strikes led by council delegates deserve the coalition's solidarity too.",
         {CHICAGO: ("reservation", "Solidarity with the strikers, not with the council."), VANCOUVER: ("agree", ""),
          SOCIALIST: ("agree", ""), LOS_ANGELES: ("agree", "")}),
        ("The coalition publishes a bilingual bulletin on independent labour organizing.",
         {CHICAGO: ("agree", ""), VANCOUVER: ("agree", ""), SOCIALIST: ("agree", "")}),
        ("Contacts with the ILO should press for recognition of independent unions only.",
         {CHICAGO: ("agree", ""), SOCIALIST: ("disagree", "The ILO route is a distraction."), VANCOUVER: ("abstain", "")}),
    ]
    _ledger(debate, mona, bob, points, reps, orgs, rejected=["Strikes are always the right tactic."])
    da.propose_point(
        acting_user=bob, debate=_fresh(debate),
        text="The coalition invites an independent syndicate to speak at its next public meeting.",
    )
