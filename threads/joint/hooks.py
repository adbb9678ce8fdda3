"""What joint statements tell the concerns above them (records) without importing them."""

from forum.hooks import Hook

# Inside the transaction that published, corrected or late-signed a statement: statement, why
# ("published", "corrected", "late_signature"). Records: a new record, the earlier one superseded.
statement_record_changed = Hook("statement_record_changed")
