"""Text starts where the reader starts reading (issue 18): in Persian a post's body, the reply box
and an event's description sit at the right of their card, in English at the left, at phone and
desktop widths. The boxes are measured in Chromium over the demo data."""

import pytest

from tests.test_browser_layout import _open, demo_site  # noqa: F401 (the served demo, a fixture)

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

WAIT = 30_000  # ms: live delivery and page loads on a busy 2-core CI
SLACK = 40  # px: a card's padding and border

# For each box: its inline-start edge and that of the card it sits in, on the reader's side.
MEASURE = """([selector, card, rtl]) => [...document.querySelectorAll(selector)].map(node => {
  const box = node.getBoundingClientRect();
  const outer = node.closest(card).getBoundingClientRect();
  return {width: Math.round(box.width), cardWidth: Math.round(outer.width),
          gap: Math.round(rtl ? outer.right - box.right : box.left - outer.left)};
})"""


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("width", [360, 1280])
def test_text_starts_at_the_inline_start_of_its_card(chromium, demo_site, language, width):
    base, pages, _signed_in, sessions = demo_site
    context, page, problems = _open(chromium, base, language, width)
    context.add_cookies([{"name": "sessionid", "value": sessions["mona"], "url": base}])
    rtl = language == "fa"
    try:
        page.goto(base + pages["thread"])
        page.locator(".post-body").first.wait_for(timeout=WAIT)
        checks = [
            (".post-body", "li.post", page.evaluate(MEASURE, [".post-body", "li.post", rtl])),
            ("reply textarea", "form", page.evaluate(MEASURE, ["form.post-form textarea", "form", rtl])),
        ]
        event = next(f"/events/{n}/" for n in range(1, 50) if page.request.get(f"{base}/events/{n}/").ok)
        page.goto(base + event)
        page.locator("article.gathering .post-body").wait_for(timeout=WAIT)
        checks.append(("event description", "article", page.evaluate(MEASURE, ["article.gathering .post-body", "article", rtl])))
        for name, card, boxes in checks:
            assert boxes, f"no {name} on the page"
            for box in boxes:
                assert box["gap"] <= SLACK, (
                    f"{name} starts {box['gap']}px from the {'right' if rtl else 'left'} of its {card} "
                    f"({box['width']} of {box['cardWidth']}px) in {language} at {width}px"
                )
        assert problems == []
    finally:
        context.close()
