"""The record as a PDF, typeset by WeasyPrint (Pango shapes the Persian script, with its joining and
bidi; Vazirmatn is embedded as a subset). The one place that imports WeasyPrint: without it, or
without the system's Pango library (Debian: libpango-1.0-0 libpangoft2-1.0-0), `AVAILABLE` is
False, `UNAVAILABLE_REASON` says why, the site runs, the PDF link says the PDF is unavailable and
the Markdown and JSON are made and served as usual.

WeasyPrint fetches nothing but the font: the record's HTML is the site's own template with user
text already sanitized at write time, and the fetcher refuses every other address, so a link or an
image address in a post never makes the server connect anywhere.
"""

import logging
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _, pgettext

# A line per rendering step (WeasyPrint) and per font-subsetting step (fontTools) otherwise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

try:
    import weasyprint
    from weasyprint.urls import URLFetcher
except (ImportError, OSError) as error:  # OSError: the Pango library is missing
    weasyprint = None
    URLFetcher = object
    AVAILABLE = False
    UNAVAILABLE_REASON = f"WeasyPrint cannot be used here ({type(error).__name__}: {error})"
else:
    AVAILABLE = True
    UNAVAILABLE_REASON = ""

FONT = "fonts/Vazirmatn[wght].woff2"


def font_path() -> str:
    path = finders.find(FONT)
    if not path:
        raise FileNotFoundError(f"{FONT} is not among the static files")
    return str(path)


class _FontOnlyFetcher(URLFetcher):
    """Fetches the one font file and refuses everything else."""

    def __init__(self, allowed: str):
        super().__init__(allowed_protocols=["file"], fail_on_errors=False)
        self.allowed = allowed

    def fetch(self, url, headers=None):
        if unquote(url.split("?")[0]) != unquote(self.allowed):
            raise ValueError(f"the record fetches nothing but its font, not {url[:80]}")
        return super().fetch(url, headers)


def render_pdf(data: dict) -> bytes:
    if not AVAILABLE:
        raise RuntimeError(UNAVAILABLE_REASON)
    language = data["language"]
    font_url = Path(font_path()).as_uri()
    with translation.override(language):
        ledger_groups = []
        if data["kind"] == "debate":
            ledger_groups = [
                {"heading": _("Common ground"), "points": data["ledger"]["common_ground"]},
                {"heading": _("Differences"), "points": data["ledger"]["differences"]},
                {"heading": _("Unsettled"), "points": data["ledger"]["unsettled"]},
            ]
        html = render_to_string(
            "records/record.html",
            {
                "d": data,
                "dir": "rtl" if language == "fa" else "ltr",
                "font_url": font_url,
                "counter_style": "persian" if language == "fa" else "decimal",
                "page_word": _("page"),
                "of_word": pgettext("page 2 of 6", "of"),
                "ledger_groups": ledger_groups,
            },
        )
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_FontOnlyFetcher(font_url))
    return document.write_pdf()
