"""The one allauth adapter: sign-up is open, and moderators and representatives must use 2FA."""

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext


class SiteForEmails:
    """What allauth's emails call the site: Hamgami in the reader's language, never the host name
    ("Hello from 127.0.0.1:8000"); the domain stays the host the links point to."""

    def __init__(self, domain: str):
        self.domain = domain

    @property
    def name(self) -> str:
        return gettext("Hamgami")

    def __str__(self) -> str:
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return True

    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or getattr(self, "request", None)
        context = {**context, "current_site": SiteForEmails(get_current_site(request).domain if request else "")}
        return super().send_mail(template_prefix, email, context)

    def get_client_ip(self, request):
        """The client's address as a keyed hash, never the address itself.

        allauth's rate limits (login, signup, password reset) key their cache entries on this value
        for the few minutes a limit lasts; hashed with the site's secret, no raw address is stored
        even then. IPv6 addresses are cut to their /64 first (one household), as allauth does."""
        ip = super().get_client_ip(request)
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return ip
        if address.version == 6:
            ip = str(ipaddress.IPv6Network(f"{ip}/64", strict=False).network_address)
        return "ip-" + salted_hmac("hamgami.client-ip", ip, algorithm="sha256").hexdigest()[:32]
