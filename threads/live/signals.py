"""Signal receivers for live updates: stamp when a request started, close sockets on logout."""

import hashlib

from django.contrib.auth.signals import user_logged_out
from django.core.signals import request_started
from django.dispatch import receiver
from django.utils import timezone

from threads.core.events import send_to_user

STARTED_KEY = "hamgami.request_started_at"


@receiver(request_started, dispatch_uid="hamgami-live-request-started")
def stamp_request_start(sender, environ=None, scope=None, **kwargs):
    """Remember when the request began, so the page can tell its sockets which events it already
    shows (threads.core.events.page_since). WSGI: the environ is request.META; ASGI: request.scope."""
    now = timezone.now()
    if environ is not None:
        environ[STARTED_KEY] = now
    if scope is not None:
        scope[STARTED_KEY] = now


def request_started_at(request):
    scope = getattr(request, "scope", None)
    if isinstance(scope, dict) and STARTED_KEY in scope:
        return scope[STARTED_KEY]
    return request.META.get(STARTED_KEY)


def session_tag(session_key: str | None) -> str:
    """A session's name on the channel layer: a hash, never the key itself."""
    return hashlib.sha256(f"hamgami-live:{session_key or ''}".encode()).hexdigest()[:32]


@receiver(user_logged_out, dispatch_uid="hamgami-live-logout")
def close_sockets_on_logout(sender, request=None, user=None, **kwargs):
    """Logging out closes the sockets this browser session opened (other devices stay signed in)."""
    if user is None or not getattr(user, "pk", None):
        return
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    message = {"type": "session.ended"}
    if session_key:
        message["session"] = session_tag(session_key)
    send_to_user(user.pk, message)
