"""HTML compression when the app is served alone (issue 16); nginx does it in deploy/nginx.conf.

Compressing a response that carries a secret beside text an attacker can put in it lets the
attacker guess the secret from the compressed length (BREACH). What this site's pages carry:
- the CSRF token, which Django masks afresh for every response (django.middleware.csrf.get_token:
  a new random mask per call), so its compressed form never repeats;
- the session cookie, a header, never compressed;
- under /accounts/ (allauth): password-reset and email-confirmation keys in the address and the
  form, the authenticator app's secret and the recovery codes; the admin's pages; and the
  unsubscribe page, whose token is in the address. None of these is compressed.
Django's GZipMiddleware also adds a random-length file name to every gzip header (its
max_random_bytes), which blurs lengths further. See docs/security.md.
"""

from django.middleware.gzip import GZipMiddleware

NEVER_COMPRESSED = ("/accounts/", "/admin/", "/notifications/unsubscribe/")


class PageGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(NEVER_COMPRESSED):
            return response
        return super().process_response(request, response)
