"""HTTP through Django, websockets under /ws/ through Channels (Origin checked, session authenticated)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from forum.live import remember_worker_loop  # noqa: E402
from forum.routing import websocket_urlpatterns  # noqa: E402

router = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)


async def application(scope, receive, send):
    """The router, after noting the worker's event loop: live events published from a request's
    or the fan-out thread are handed to the channel layer on it (forum/live.py)."""
    remember_worker_loop()
    return await router(scope, receive, send)
