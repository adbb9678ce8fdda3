"""Demo accounts only (seed_demo, DEBUG=1): role holders get an authenticator app, as the site requires.

The secret is fixed and public: only the demo seeding calls this, and seed_demo refuses to run
without DEBUG. Codes for it: any TOTP app given the
secret, or the DEMO_TOTP_CODE that `make run` accepts on the demo.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

DEMO_TOTP_SECRET = "HAMGAMIDEMOSECRETFORTHEDEMOONLYX"  # base32; never on a real site


def enable_demo_two_factor(user) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)  # accounts.signals marks the user two_factor_enabled
