"""`{% form_fields form %}`: the site's form layout (`_form.html`) written in Python (issue 16).

The layout template asked each field `field.field.widget.input_type` up to four times and
`field.errors` three: every lookup through a BoundField tries `field[name]` first and fails with
an exception, so the reply form's layout cost ~0.6 ms of each signed-in thread page, more than its
widgets. This is the same layout, line for line, with the same escaping, filters and whitespace
(what `_form.html` held is in tests/core/form_layout_reference.html, and
tests/core/test_form_renderer.py compares the two for every form of the site).
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

from threads.templatetags.hamgami import reader_digits

register = template.Library()


def _layout(form, out) -> str:
    """`_form.html`, without its last newline (the template file keeps it)."""
    if form.errors:
        non_field = "".join(f"<p>{out(reader_digits(error))}</p>" for error in form.non_field_errors())
        fields = []
        for field in form.visible_fields():
            if errors := field.errors:
                widget = field.field.widget
                kind = getattr(widget, "input_type", None)
                grouped = kind == "radio" or (getattr(widget, "allow_multiple_selected", None) and kind == "checkbox")
                anchor = f"{out(field.auto_id)}_0" if grouped else out(field.auto_id)
                messages = " ".join(out(reader_digits(error)) for error in errors)
                fields.append(f'<p><a href="#{anchor}">{out(field.label)}</a>: {messages}</p>')
        head = (
            f'\n<div class="form-errors" role="alert" id="{out(form.prefix or "form")}-errors">\n  {non_field}\n  {"".join(fields)}\n</div>\n'
        )
    else:
        head = ""
    hidden = "".join(out(field) for field in form.hidden_fields())
    parts = [head, "\n", hidden, "\n"]
    for field in form.visible_fields():
        widget = field.field.widget
        kind = getattr(widget, "input_type", None)
        multiple = getattr(widget, "allow_multiple_selected", None)
        errors, help_text, auto_id = field.errors, field.help_text, out(field.auto_id)
        error_div = (
            f'<div class="field-error" id="{auto_id}_error">{"".join(f"<p>{out(reader_digits(error))}</p>" for error in errors)}</div>'
            if errors else ""
        )
        help_div = f'<div class="help" id="{auto_id}_helptext">{out(reader_digits(help_text))}</div>' if help_text else ""
        classes = (" has-error" if errors else "") + (" field-choices" if kind == "checkbox" or multiple else "")
        parts.append(f'\n<div class="field{classes}">\n  ')
        if kind == "radio" or (multiple and kind == "checkbox"):
            described = ""
            if errors or help_text:
                described = (
                    f' aria-describedby="{f"{auto_id}_error " if errors else ""}{f"{auto_id}_helptext" if help_text else ""}"'
                )
            required = ' <span class="required" aria-hidden="true">*</span>' if field.field.required else ""
            parts.append(
                f"\n  <fieldset{described}>\n    <legend>{out(field.label)}{required}</legend>\n    {error_div}\n"
                f"    {out(field)}\n    {help_div}\n  </fieldset>\n  "
            )
        else:
            parts.append(f"\n  {out(field.label_tag())}\n  {error_div}\n  {out(field)}\n  {help_div}\n  ")
        parts.append("\n</div>\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def form_fields(context, form):
    """The form's errors, hidden fields and fields, as `_form.html` lays them out."""

    def out(value) -> str:  # `{{ value }}` in this context
        return render_value_in_context(value, context)

    return mark_safe(_layout(form, out))  # noqa: S308 - every value passed through out(), as the template did
