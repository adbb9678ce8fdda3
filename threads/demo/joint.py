"""Demo joint action (issue 8), created through the statement and event actions:

- the founding declaration of January 2016 as a published joint statement, Persian text (the
  original) and English rendering, each signed by the six signatory organizations;
- the next May Day march (Vancouver) and the next March 8 seminar (online), with endorsements;
- the yearly memorial of the 1988 massacre of political prisoners (an RRULE: the last Saturday of
  August, a date this demo chose), organized by the Montreal committee.

Idempotent: what exists (by title) is left alone. Needs the six organizations and their
representatives (threads.demo.debates creates them), so call it after seed_debates.
"""

import datetime
import zoneinfo
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from threads.core.models import Area
from threads.demo.debates import REPRESENTATIVES, representative
from threads.joint import gatherings, statements
from threads.joint.models import Gathering, StatementRevision

SEED = Path(__file__).resolve().parent / "texts"  # copies of shared/seed/declaration-2016.*
FA_TITLE = "بیانیه بمناسبت آغاز اتحاد عمل و همکاریهای مشترک تعدادی از تشکل های چپ فعال درامریکای شمالی"
EN_TITLE = "Statement on the start of joint action and cooperation of a number of left organizations active in North America"
DRAFTER = "ila-vancouver"


def _texts() -> dict:
    fa = (SEED / "declaration-2016.fa.txt").read_text(encoding="utf-8").strip()
    en = (SEED / "declaration-2016.en.md").read_text(encoding="utf-8").strip()
    fa_body = "\n".join(fa.splitlines()[2:]).strip()  # the first two lines are the title
    en_body = en[en.index("## Summary"):].strip()  # past the title and the note on the rendering
    return {"fa": (FA_TITLE, fa_body), "en": (EN_TITLE, en_body)}


def _next(month: int, day: int, hour: int, zone: str) -> datetime.datetime:
    tz = zoneinfo.ZoneInfo(zone)
    today = timezone.now().astimezone(tz)
    year = today.year if (today.month, today.day) < (month, day) else today.year + 1
    return datetime.datetime(year, month, day, hour, 0, tzinfo=tz)


def seed_joint_action(stdout=None) -> int:
    orgs = {o.slug: o for o in Organization.objects.filter(slug__in=REPRESENTATIVES)}
    reps = {slug: representative(slug, org) for slug, org in orgs.items()}
    areas = {a.number: a for a in Area.objects.all()}
    created = 0
    if not StatementRevision.objects.filter(title=EN_TITLE).exists() and (SEED / "declaration-2016.fa.txt").exists():
        with transaction.atomic():
            statement = statements.draft_statement(
                acting_user=reps[DRAFTER], organization=orgs[DRAFTER], texts=_texts(), areas=list(areas.values()),
                invite=[o for slug, o in orgs.items() if slug != DRAFTER],
            )
            statement.refresh_from_db()
            for slug, org in orgs.items():
                for language in ("fa", "en"):
                    statements.respond(
                        acting_user=reps[slug], statement=statement, organization=org, language=language,
                        verdict="sign", revision_number=statement.revision(language).number,
                    )
            statements.publish(acting_user=reps[DRAFTER], statement=statement)
        created += 1
    alice = User.objects.filter(username="alice").first() or reps[DRAFTER]
    events = [
        dict(acting_user=alice, kind="action", title="راهپیمایی مشترک اول ماه مه در ونکوور — May Day march, Vancouver",
             description="همراه با اتحادیه‌های شهر، با پلاکاردهای مشترک در دفاع از تشکل‌های مستقل کارگری در ایران.\n\n"
                         "With the city's unions, under joint banners for independent workers' organizations in Iran.",
             starts_at=_next(5, 1, 12, "America/Vancouver"), time_zone="America/Vancouver", hours=3,
             place="Vancouver Art Gallery, 750 Hornby St", areas=[areas[1], areas[7]], organizers=[orgs[DRAFTER]],
             endorse=["iranian-leftists-chicago", "socialist-left-alliance"]),
        dict(acting_user=reps["socialist-left-alliance"], kind="seminar",
             title="سمینار هشت مارس: جنبش زنان و چپ — March 8 seminar: the women's movement and the left",
             description="سمینار آنلاین به مناسبت روز جهانی زن.\n\nAn online seminar for International Women's Day.",
             starts_at=_next(3, 8, 14, "America/Toronto"), time_zone="America/Toronto", hours=2,
             online_url="https://meet.jit.si/hamgami-march8", areas=[areas[2]], organizers=[orgs["socialist-left-alliance"]],
             endorse=["ila-washington", DRAFTER]),
        dict(acting_user=reps["1980s-massacre-committee-montreal"], kind="commemoration",
             title="یادمان کشتار زندانیان سیاسی در تابستان ۶۷ — Memorial of the 1988 massacre",
             description="یادمان سالانه‌ی جان‌باختگان دهه‌ی شصت و کشتار تابستان ۱۳۶۷.\n\n"
                         "The yearly memorial of those killed in the 1980s and in the massacre of summer 1988.",
             starts_at=None, time_zone="America/Montreal", hours=3, place="Montréal",
             recurrence="FREQ=YEARLY;BYMONTH=8;BYDAY=-1SA", areas=[areas[4]],
             organizers=[orgs["1980s-massacre-committee-montreal"]], endorse=list(REPRESENTATIVES)),
    ]
    for spec in events:
        if Gathering.objects.filter(title=spec["title"]).exists():
            continue
        endorse = spec.pop("endorse")
        hours = spec.pop("hours")
        if spec["starts_at"] is None:  # the memorial: the last Saturday of August 2016 and every year since
            spec["starts_at"] = datetime.datetime(2016, 8, 27, 15, 0, tzinfo=zoneinfo.ZoneInfo(spec["time_zone"]))
        spec["ends_at"] = spec["starts_at"] + datetime.timedelta(hours=hours)
        with transaction.atomic():
            gathering = gatherings.propose(**spec)
            for slug in endorse:
                gatherings.endorse(acting_user=reps[slug], gathering=gathering, organization=orgs[slug])
        created += 1
    if stdout is not None:
        stdout.write(f"Demo joint action: {created} statements and events created.")
    return created
