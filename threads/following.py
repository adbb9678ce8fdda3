"""Following discussions: what happens after a post is written, subscriptions, read positions.

The thread actions call one hook each (`after_thread_created`, `after_post_created`,
`after_post_edited`) inside their transaction; whatever leaves the database (live counts,
emails) waits for the commit.
"""

from threads import search


def after_thread_created(thread, opening_post) -> None:
    search.index_post(opening_post, is_opening=True)


def after_post_created(post) -> None:
    search.index_post(post, is_opening=False)


def after_post_edited(post) -> None:
    search.index_post(post)
