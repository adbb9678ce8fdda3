"""What moderation tells the concerns above it (following) without importing them."""

from forum.hooks import Hook

# Inside the transaction of a logged moderation action that touches a person: entry (the
# ModerationAction) and subject (the person told). Following delivers the notice (bell, email).
moderation_recorded = Hook("moderation_recorded")
