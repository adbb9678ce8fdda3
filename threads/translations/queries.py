"""Reading translations in a fixed number of queries."""

from threads.translations.models import Translation, TranslationRevision


def attach(posts) -> None:
    """Give each post its translations (`translation_list`, translators included) in one query."""
    posts = list(posts)
    by_post = {post.pk: [] for post in posts}
    if by_post:
        for item in Translation.objects.filter(post_id__in=by_post).select_related("translator").order_by("pk"):
            by_post[item.post_id].append(item)
    for post in posts:
        post.translation_list = by_post[post.pk]


def translations_of(post) -> list[Translation]:
    if not hasattr(post, "translation_list"):
        attach([post])
    return post.translation_list


def translation_of(post, language: str) -> Translation | None:
    return Translation.objects.filter(post=post, language=language).select_related("translator").first()


def history(translation: Translation) -> list[TranslationRevision]:
    return list(translation.revisions.select_related("translator").order_by("-number"))
