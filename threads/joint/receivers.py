"""What joint answers when accounts asks (connected in ThreadsConfig.ready): an export includes the
event versions the person wrote."""

from accounts import hooks as account_hooks
from threads.joint import gathering_export


def connect() -> None:
    account_hooks.data_export.connect(gathering_export.export_sections)
