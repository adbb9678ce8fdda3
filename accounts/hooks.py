"""What accounts tells the apps built on it (threads) without importing them; receivers are
connected in their AppConfig.ready()."""

from forum.hooks import Hook

# Inside the transaction that deletes (anonymizes) an account: user, old_names (the names it had,
# to scrub from stored copies). Receivers delete what the person kept in their app (follows,
# notifications, read marks, area moderation) and the copies of their names.
account_deleted = Hook("account_deleted")

# A person's data export (/me/export/): user; each receiver returns a dict of top-level sections.
data_export = Hook("data_export")

# The public page of an organization: organization, user (the reader); each receiver returns a dict
# merged into the page's context (e.g. the organization's threads).
organization_page = Hook("organization_page")

# Inside the transaction of an organization's application to join: organization. Following tells
# the admins (bell and email).
organization_applied = Hook("organization_applied")
