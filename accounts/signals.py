"""Keep User.two_factor_enabled in step with allauth's authenticators, whichever path changes them."""

from allauth.mfa.models import Authenticator
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.actions import sync_two_factor


@receiver(post_save, sender=Authenticator, dispatch_uid="hamgami-two-factor-added")
@receiver(post_delete, sender=Authenticator, dispatch_uid="hamgami-two-factor-removed")
def authenticators_changed(sender, instance, **kwargs):
    sync_two_factor(user=instance.user)
