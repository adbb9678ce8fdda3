"""What moderation tells the concerns above it (following) without importing them."""

from forum.hooks import Hook

# Inside the transaction of a logged moderation action that touches a person: entry (the
# ModerationAction) and subject (the person told). Following delivers the notice (bell, email).
moderation_recorded = Hook("moderation_recorded")

# Inside the transaction that lets a held post through for the first time: a queued post approved,
# or a rejected one restored (it was never shown). post, actor. Following sends the notices
# (mentions, replies, watchers) it held back while the post waited.
post_approved = Hook("post_approved")

# When the review queue is read: user. Each receiver returns a QueueSection (threads.moderation.queries)
# of what it asks moderators to review, in a fixed number of queries, or None. Translations: flagged
# translations.
review_queue_sections = Hook("review_queue_sections")

# When a live event of the review queue about an item of one of those sections is rendered (after
# the commit that changed it, once per language, for moderators only): section (its QueueSection
# key), item_id. The receiver owning the section returns the item's HTML, or None for another
# section's item. Translations: a flagged translation's item (publish_queue_section_item).
review_queue_item = Hook("review_queue_item")
