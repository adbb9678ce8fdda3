"""The one allauth adapter: sign-up is open, and moderators and representatives must use 2FA."""

from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return True
