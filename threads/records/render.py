"""The record's Markdown and JSON, from the data the builder made (threads/records/builder.py).

Markdown is for a newsletter editor: headings, lists and the organizations' own Markdown as they
wrote it, dates in the reader's calendar (Jalali with Persian digits in Persian).
"""

import json

from django.utils import translation
from django.utils.translation import gettext as _, pgettext

from forum.text import persian_digits
from threads.records.dates import record_date


def render_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _n(value, language: str) -> str:
    return persian_digits(value) if language == "fa" else str(value)


def _line(text: str) -> str:
    """One line of plain text as Markdown: no line breaks, Markdown's markers escaped."""
    text = " ".join(str(text or "").split())
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    if text[:1] and text[:1] in "#+-":
        text = "\\" + text
    return text


def _quoted(markdown: str) -> str:
    """A person's Markdown as written, as a block quote so its headings stay inside it."""
    lines = (markdown or "").strip().splitlines() or [""]
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def render_markdown(data: dict) -> bytes:
    with translation.override(data["language"]):
        lines = _debate(data) if data["kind"] == "debate" else _statement(data)
        lines += ["", "---", "", _("Record hash: `%(hash)s`") % {"hash": data["hash"]}, "",
                  _("Stable address: %(url)s") % {"url": data["urls"]["md"]}, ""]
    return "\n".join(lines).encode()


def _superseded(data: dict, lang: str) -> list[str]:
    if not data["superseded"]:
        return []
    lines = ["", "## " + _("Earlier versions (superseded)"), ""]
    for earlier in data["superseded"]:
        lines.append(
            "- " + _("Version %(n)s of %(date)s: %(reason)s (hash `%(hash)s`)")
            % {"n": _n(earlier["generation"], lang), "date": record_date(earlier["created_at"]),
               "reason": _line(earlier["reason"]), "hash": earlier["hash"]}
        )
    return lines


def _debate(d: dict) -> list[str]:
    lang = d["language"]
    lines = [
        f"# {_line(d['title'])}", "",
        f"{_line(d['coalition'])} · " + _("Record of a concluded debate") + " · "
        + _("version %(n)s") % {"n": _n(d["generation"], lang)}, "",
        f"- **{_('Motion')}:** {_line(d['motion'])}",
        f"- **{_('Kind of difference')}:** {d['difference']['label']}",
        f"- **{_('Cooperation areas')}:** " + _(", ").join(f"{_n(a['number'], lang)}. {_line(a['name'])}" for a in d["areas"]),
        f"- **{_('Chair')}:** {_line(d['chair'])}",
        f"- **{_('Participating organizations')}:** " + _(", ").join(_line(o["name"]) for o in d["participants"]),
        f"- **{_('Concluded')}:** {record_date(d['concluded_at'])}",
        f"- **{_('Address')}:** {d['urls']['page']}",
        "", "## " + _("Phases"), "",
    ]
    for i, phase in enumerate(d["phases"], 1):
        span = record_date(phase["started_at"])
        if phase["ended_at"]:
            span += " – " + record_date(phase["ended_at"])
        extra = []
        if phase["deadline"]:
            extra.append(_("deadline %(date)s") % {"date": record_date(phase["deadline"])})
        if phase["reopening"]:
            extra.append(_("reopened: %(reason)s") % {"reason": _line(phase["reason"])})
        lines.append(f"{_n(i, lang)}. **{phase['phase']['label']}**: {span}" + (f" ({'; '.join(extra)})" if extra else ""))
    lines += ["", "## " + _("Final positions"), ""]
    for position in d["positions"]:
        org = _line(position["organization"]["name"])
        if position["stance"] is None:
            lines += [f"### {org}", "", _("No position published."), ""]
            continue
        lines += [
            f"### {org}: {position['stance']['label']}", "",
            _("Revision %(n)s, %(date)s") % {"n": _n(position["revision"], lang), "date": record_date(position["updated_at"])},
            "", _quoted(position["statement_markdown"]), "",
        ]
    lines += ["## " + _("Ledger"), ""]
    for key, heading in (("common_ground", _("Common ground")), ("differences", _("Differences")),
                         ("unsettled", _("Unsettled"))):
        lines += [f"### {heading}", ""]
        if not d["ledger"][key]:
            lines += [_("None."), ""]
        for point in d["ledger"][key]:
            lines.append(f"{_n(point['number'], lang)}. **{_line(point['text'])}**")
            for stance in point["stances"]:
                value = stance["stance"]["label"] if stance["stance"] else pgettext("stance", "none recorded")
                reason = f" — {_line(stance['reason'])}" if stance["reason"] else ""
                lines.append(f"    - {_line(stance['organization']['name'])}: {value}{reason}")
        lines.append("")
    if d["ledger"]["set_aside"]:
        lines += ["### " + _("Set aside"), ""]
        lines += [f"- {_n(p['number'], lang)}. {_line(p['text'])} ({p['status']['label']})" for p in d["ledger"]["set_aside"]]
        lines.append("")
    summary = d["summary"]
    lines += [
        "## " + _("Summary"), "",
        _("Revision %(n)s by %(person)s, %(date)s") % {
            "n": _n(summary["revision"], lang), "person": _line(summary["written_by"] or ""),
            "date": record_date(summary["updated_at"])},
        "", _quoted(summary["markdown"]), "",
        "### " + _("Endorsements"), "",
    ]
    for e in d["endorsements"]:
        org = _line(e["organization"]["name"])
        if e["verdict"] is None:
            lines.append(f"- {org}: " + _("did not answer"))
            continue
        note = "" if e["on_final_summary"] else " " + _("(on revision %(n)s)") % {"n": _n(e["summary_revision"], lang)}
        reason = f" — {_line(e['reason'])}" if e["reason"] else ""
        lines.append(f"- {org}: {e['verdict']['label']}{_(', ')}{record_date(e['at'])}{note}{reason}")
    return lines + _superseded(d, lang)


def _statement(d: dict) -> list[str]:
    lang = d["language"]
    lines = [
        f"# {_line(d['title'])}", "",
        f"{_line(d['coalition'])} · " + _("Joint statement") + " · " + _("version %(n)s") % {"n": _n(d["generation"], lang)}, "",
        f"- **{_('Published')}:** {record_date(d['published_at'], False)}",
        f"- **{_('Drafted by')}:** {_line(d['drafting_organization']['name'])}",
        f"- **{_('Cooperation areas')}:** " + _(", ").join(f"{_n(a['number'], lang)}. {_line(a['name'])}" for a in d["areas"]),
        f"- **{_('Address')}:** {d['urls']['page']}",
    ]
    for text in d["texts"]:
        lines += [
            "", f"## {_line(text['title'])}", "",
            f"*{text['language_label']} · " + _("revision %(n)s") % {"n": _n(text["revision"], lang)} + "*", "",
            text["markdown"].strip(), "",
            "### " + _("Signatories"), "",
        ]
        for s in text["signatories"]:
            late = " — " + _("signed after publication") if s["late"] else ""
            lines.append(f"- {_line(s['organization']['name'])} ({record_date(s['signed_at'], False)}){late}")
        if not text["signatories"]:
            lines.append(_("None."))
        if text["signed_earlier_revision"]:
            lines += ["", "*" + _("Signed an earlier revision:") + "* " + _(", ").join(
                _line(s["organization"]["name"]) for s in text["signed_earlier_revision"])]
    if d["corrections"]:
        lines += ["", "## " + _("Corrections"), ""]
        for c in d["corrections"]:
            lines.append(f"- {record_date(c['at'])}, {_line(c['by'])}: {_line(c['reason'])}")
    return lines + _superseded(d, lang)
