"""What joint statements tell the concerns above them (records) without importing them."""

from forum.hooks import Hook

# Inside the transaction that published, corrected or late-signed a statement: statement, why
# ("published", "corrected", "late_signature"). Records: a new record, the earlier one superseded.
statement_record_changed = Hook("statement_record_changed")

# Inside the transaction that edited an event (its organizers or a moderator): gathering, actor,
# changed (the set of changed fields among "title", "description", "starts_at", "ends_at",
# "time_zone", "place", "online_url"). Translations: a changed description outdates them. Following:
# a changed time or place tells those watching the event's thread.
gathering_edited = Hook("gathering_edited")
