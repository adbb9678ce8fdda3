"""forum.form_renderer and `{% form_fields %}` write the same HTML as the templates they replace (issue 16).

The renderer writes Django's input, textarea and label templates in Python. Each test renders
the same thing twice, with it and with Django's own DjangoTemplates renderer, and asserts the
bytes are equal: single widgets over awkward values and attributes, labels, every form of the
site through the site's `_form.html` (bound with hostile text, so with errors), and the thread
page's reply form re-rendered after an error with the member's text kept. Then the site's form
layout, `_form.html`, now threads/templatetags/form_html.py, against the template it was
(form_layout_reference.html beside this file), for the same forms and more.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from forum.form_renderer import DirectRenderer

STOCK, DIRECT = DjangoTemplates(), DirectRenderer()
REFERENCE = engines["django"].from_string((Path(__file__).parent / "form_layout_reference.html").read_text())
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
HOSTILE = 'a "quoted" <b>bold</b> & \'single\' ۱۲ \u200c\n<script>x</script>'

VALUES = [None, "", "plain", HOSTILE, mark_safe("<i>safe</i> &amp;"), 0, 12, 1.5, True, lazy(lambda: "lazy <x>", str)()]
ATTRS = [
    {},
    {"dir": "auto", "required": True, "disabled": False, "maxlength": 20, "data-x": 'a"b<c>', "class": mark_safe("x&amp;y"),
     "placeholder": lazy(lambda: "type <here>", str)(), "aria-describedby": "id_x_helptext", "min": 0},
]
WIDGETS = [
    forms.TextInput, forms.HiddenInput, forms.NumberInput, forms.EmailInput, forms.URLInput,
    lambda attrs: forms.PasswordInput(attrs, render_value=True), forms.Textarea, forms.SearchInput,
]


@pytest.mark.parametrize("make", WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
def test_widgets_render_as_django_does(make, attrs):
    for value in VALUES:
        widget = make(dict(attrs))
        stock = widget.render("field-name", value, attrs={"id": "id_f"}, renderer=STOCK)
        assert widget.render("field-name", value, attrs={"id": "id_f"}, renderer=DIRECT) == stock, (widget, value)


class Sample(forms.Form):
    plain = forms.CharField(label="Plain")
    hostile = forms.CharField(label=HOSTILE, required=False)
    punctuated = forms.CharField(label="Ends in a question?", help_text="<b>help</b>")
    lazy_label = forms.CharField(label=lazy(lambda: "Lazy <label>", str)())
    no_label = forms.CharField(label="")
    number = forms.IntegerField(widget=forms.HiddenInput)


@pytest.mark.parametrize("auto_id", ["id_%s", False, "custom-%s"])
@pytest.mark.parametrize("language", ["fa", "en"])
def test_labels_render_as_django_does(auto_id, language):
    with translation.override(language):
        stock, direct = Sample(auto_id=auto_id, renderer=STOCK), Sample(auto_id=auto_id, renderer=DIRECT)
        for name in stock.fields:
            assert direct[name].label_tag() == stock[name].label_tag(), name
            legend = {"attrs": {"class": "x<y"}, "tag": "legend"}
            assert direct[name].label_tag(**legend) == stock[name].label_tag(**legend), name
            assert direct[name].label_tag(mark_safe("<em>safe</em>")) == stock[name].label_tag(mark_safe("<em>safe</em>")), name
            assert str(direct[name]) == str(stock[name]), name


FORM_MODULES = [
    "threads.core.forms", "threads.debates.forms", "threads.moderation.forms", "threads.joint.forms",
    "threads.translations.forms", "threads.following.forms", "accounts.forms",
]


def site_forms():
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                found.append(pytest.param(cls, id=f"{module_name}.{name}"))
    return found


def build(cls, data, renderer):
    """The form with `data`, trying the keyword arguments the site's forms take."""
    for kwargs in ({}, {"organizations": []}, {"user": None}, {"organizations": [], "user": None}):
        try:
            return cls(data, renderer=renderer, **kwargs)
        except TypeError:
            continue
    pytest.skip(f"{cls.__name__} needs arguments this test does not know")


@pytest.mark.django_db
@pytest.mark.parametrize("cls", site_forms())
@pytest.mark.parametrize("language", ["fa", "en"])
def test_every_site_form_renders_as_django_does(cls, language):
    with translation.override(language):
        for data in (None, {}, dict.fromkeys(build(cls, None, STOCK).fields, HOSTILE)):
            stock, direct = build(cls, data, STOCK), build(cls, data, DIRECT)
            if data is not None:
                stock.is_valid(), direct.is_valid()
            expected = render_to_string("_form.html", {"form": stock})
            assert render_to_string("_form.html", {"form": direct}) == expected
            assert REFERENCE.render({"form": build(cls, data, STOCK) if data is None else stock}) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fa", "en"])
def test_reply_form_after_an_error_is_the_same_page(alice, public_thread, language, settings):
    """An empty reply with a translation comes back with the error and the member's translation kept."""

    def reply_page(renderer: str) -> str:
        settings.FORM_RENDERER = renderer
        client = Client()
        client.force_login(alice)
        response = client.post(
            f"/threads/{public_thread.pk}/reply/", {"body": "", "translation": HOSTILE, "reply_to": "x"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert response.status_code == 400
        return CSRF.sub("csrf", response.content.decode())

    direct = reply_page("forum.form_renderer.DirectRenderer")
    assert "&lt;script&gt;x&lt;/script&gt;</textarea>" in direct
    assert 'class="field has-error"' in direct
    assert direct == reply_page("django.forms.renderers.DjangoTemplates")


class Everything(forms.Form):
    """Every branch of the layout: radio and checkbox groups, a single checkbox, a select, help
    texts with digits, required and optional, a hidden field shown with its initial value."""

    choice = forms.ChoiceField(label="Pick <one>", choices=[("a", "A & a"), ("b", "B")], widget=forms.RadioSelect, help_text="Help 12")
    many = forms.MultipleChoiceField(label="Many", choices=[("1", "One"), ("2", "Two")], widget=forms.CheckboxSelectMultiple, required=False)
    tick = forms.BooleanField(label="Tick", required=False, help_text="Only <b>this</b> 3")
    select = forms.ChoiceField(label="Select", choices=[("x", "X")], required=False)
    multi = forms.MultipleChoiceField(label="Multi", choices=[("x", "X")], required=False)
    text = forms.CharField(label="Text?", max_length=3, help_text=mark_safe("<em>safe 7</em>"))
    secret = forms.CharField(widget=forms.HiddenInput, required=False, show_hidden_initial=True, initial="s")

    def clean(self):
        raise forms.ValidationError(["Whole form <wrong> 1", "And 2"])


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("data", [None, {}, {"choice": "zzz", "many": ["9"], "text": "too long <x>", "tick": "on"}, {"choice": "a", "text": "ok"}])
@pytest.mark.parametrize("options", [{}, {"prefix": "p"}, {"auto_id": False}, {"auto_id": "f-%s", "label_suffix": " →"}])
def test_the_layout_is_the_template_it_was(language, data, options):
    with translation.override(language):
        form, reference = Everything(data, **options), Everything(data, **options)
        expected = REFERENCE.render({"form": reference})
        assert render_to_string("_form.html", {"form": form}) == expected
        assert ("form-errors" in expected) == bool(data is not None)  # both sides of the errors branch are seen
