"""What a debate tells the concerns above it (following: notices, emails) without importing them.
Every hook runs inside the action's transaction."""

from forum.hooks import Hook

# The phase moved (or its deadline changed: changed=False keeps the phase): debate, actor, changed.
phase_changed = Hook("phase_changed")

# An organization published or revised its position: position, actor.
position_published = Hook("position_published")

# A position's statement got a new revision (revised by its organization, or corrected for privacy):
# position, actor, redacted (True for a correction for privacy; may be left out). Translations: those
# made from an earlier revision are marked outdated, and all are hidden on a redaction.
position_revised = Hook("position_revised")

# A ledger point was reworded (by its proposer or the chair, before anyone answered it): point,
# actor. Translations: those made from an earlier wording are marked outdated.
point_reworded = Hook("point_reworded")

# The summary got a new draft (or was corrected for privacy): summary, actor, redacted (as above).
# Translations: those made from an earlier draft are marked outdated, all hidden on a redaction.
summary_drafted = Hook("summary_drafted")

# A chair was named who needs the participating organizations' acceptance: debate, actor.
chair_named = Hook("chair_named")

# Every participating organization accepted the chair: debate, actor.
chair_accepted = Hook("chair_accepted")

# The debate concluded (the ledger frozen beside the summary): debate, actor. Records: its PDF,
# Markdown and JSON are made after the commit.
debate_concluded = Hook("debate_concluded")

# A page or a live fragment is about to show debate texts: texts (positions, ledger points, the
# summary; a list, None left out). Not inside a transaction; receivers only read. Translations
# attach theirs to every text in one query (the debate page's query count stays fixed).
texts_shown = Hook("texts_shown")
