"""People's pages (issue 19): /people/<handle>/, following a person, and one's own page settings."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import people_actions
from threads.following import people_queries
from forum.errors import ActionRefused
from forum.forms import add_action_errors


class PublicPageForm(forms.Form):
    handle = forms.CharField(
        label=gettext_lazy("Handle"),
        max_length=40,
        help_text=gettext_lazy("What @mentions use and your page's address. Public: never your login name."),
    )
    bio = forms.CharField(
        label=gettext_lazy("About you (optional)"),
        required=False,
        max_length=people_actions.BIO_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy("Markdown, shown on your page. A pseudonym stays a pseudonym: add only what you want known."),
    )
    lists_posts = forms.BooleanField(label=gettext_lazy("My page lists my recent posts"), required=False)


@require_GET
def person(request, handle):
    person = people_queries.person_for_reader(handle)
    page = people_queries.person_page(request.user, person)
    return render(request, "accounts/person.html", {"page": page, "person": person})


@login_required
@require_POST
def person_follow(request, handle):
    person = people_queries.person_for_reader(handle)
    follow = request.POST.get("follow") == "1"
    try:
        people_actions.set_following(acting_user=request.user, person=person, follow=follow)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(person.get_absolute_url())
    if follow:
        messages.success(request, _("You follow %(name)s: their new threads reach your notifications.") % {"name": person.public_name})
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": person.public_name})
    return redirect(person.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def my_page(request):
    user = request.user
    if request.method == "POST":
        form = PublicPageForm(request.POST)
        if form.is_valid():
            try:
                people_actions.update_public_page(
                    acting_user=user, handle=form.cleaned_data["handle"], bio=form.cleaned_data["bio"],
                    lists_posts=form.cleaned_data["lists_posts"],
                )
            except ValidationError as error:
                add_action_errors(form, error)
            else:
                messages.success(request, _("Your page was saved."))
                return redirect(user.get_absolute_url())
        user.refresh_from_db(fields=["handle"])
        return render(request, "accounts/my_page.html", {"form": form}, status=400)
    form = PublicPageForm(initial={"handle": user.handle, "bio": user.bio_source, "lists_posts": user.lists_posts})
    return render(request, "accounts/my_page.html", {"form": form})
