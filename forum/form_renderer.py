"""The form renderer: Django's, with its simplest widget and label templates written in Python (issue 16).

A reply form's few fields went through ~12 template renders (the widget, its `attrs.html`,
`input.html`, the label and its `attrs.html`), ~1.5 ms of each signed-in thread page. For the
templates below, when they are Django's own (no app overrides them), the renderer writes the same
HTML directly: each function is its template's logic, line for line, with the same escaping and
filters. Every other template (select, radio, checkbox lists, the form and field layouts) renders
as before. tests/core/test_form_renderer.py compares the two for every widget and form of the site.
"""

import html
from types import SimpleNamespace

from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData

# What a Template.render() of a dict gets: autoescape on, localization and time zone as set.
_CONTEXT = SimpleNamespace(autoescape=True, use_l10n=None, use_tz=None)


def _out(value) -> str:
    """`{{ value }}` (a plain str, most of what a widget holds, escaped directly: Django's escape is html.escape)."""
    if type(value) is str:
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` (the filter is is_safe: safe in, safe out)."""
    if type(value) is str:
        return html.escape(value)
    text = stringformat(value, "s")
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs) -> str:
    """django/forms/attrs.html and django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(" " + _out(name))
            if value is not True:
                parts.append('="' + _formatted(value) + '"')
    return "".join(parts)


def _input(context) -> str:
    """django/forms/widgets/input.html (and the templates that only include it)."""
    widget = context["widget"]
    value = f' value="{_formatted(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 (the template's `!= None`)
    return f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(context) -> str:
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = _out(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context) -> str:
    """django/forms/label.html."""
    if context["use_tag"]:
        tag = _out(context["tag"])
        return f"<{tag}{_attrs(context['attrs'])}>{_out(context['label'])}</{tag}>"
    return _out(context["label"])


_WRITERS = {
    "django/forms/widgets/input.html": _input,
    "django/forms/widgets/text.html": _input,
    "django/forms/widgets/hidden.html": _input,
    "django/forms/widgets/number.html": _input,
    "django/forms/widgets/email.html": _input,
    "django/forms/widgets/password.html": _input,
    "django/forms/widgets/url.html": _input,
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/label.html": _label,
}


class DirectRenderer(DjangoTemplates):
    """Django's DjangoTemplates renderer with the templates in _WRITERS written directly.

    This renderer's engine looks in Django's own form templates before any app's, so these names
    are always Django's templates (an override needs TemplatesSetting, which this is not).
    """

    def render(self, template_name, context, request=None):
        write = _WRITERS.get(template_name)
        if write is None:
            return super().render(template_name, context, request=request)
        return write(context).strip()
