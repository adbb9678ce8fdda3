"""Headers Django does not set by itself."""

from django.conf import settings
from django.utils import timezone
from django.utils.csp import build_policy

from forum import zones


class PermissionsPolicyMiddleware:
    """Turn off browser features the forum never uses (camera, location, …) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class TimeZoneMiddleware:
    """Dates are shown, and datetime fields read, in the reader's time zone (forum/zones.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):

        found = zones.for_request(request)
        if found is not None:
            timezone.activate(found)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class InvalidFormStatusMiddleware:
    """A form sent back with its errors answers 400, not 200. Our views do so themselves; allauth's
    (log in, sign up, password reset, two-factor) re-render an invalid form with 200, which tells
    browsers' form tools, scripts and tests nothing went wrong."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if request.method == "POST" and response.status_code == 200:
            form = (response.context_data or {}).get("form")
            if form is not None and getattr(form, "is_bound", False) and form.errors:
                response.status_code = 400
        return response


def static_file_headers(headers, path, url) -> None:
    """WHITENOISE_ADD_HEADERS_FUNCTION: whitenoise answers /static/ before the middleware runs, so
    its files get the same CSP and Permissions-Policy here (an SVG or HTML file opened directly
    is a document too)."""

    headers["Content-Security-Policy"] = build_policy(settings.SECURE_CSP)
    headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
