"""What translations tell the layers above them (following) without importing them."""

from forum.hooks import Hook

# Inside the transaction that added, changed, hid or restored a translation: translation.
# Following reindexes the post for search (a post is found by either text).
translation_saved = Hook("translation_saved")

# Inside the transaction of an edit of the original (core's post_edited): translation, editor.
# Following tells the translator their translation is now outdated.
translation_outdated = Hook("translation_outdated")
