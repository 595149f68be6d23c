"""A space's cover picture, through the media pipeline (parvis/core/media.py): checked by content, re-encoded without
its metadata, kept in the private storage and served to whoever may see the space listed (spaces/apps.py)."""

from parvis.core.files import atomic_with_files, file_delete_on_commit
from parvis.core.media import attach_image, clean_alt_text

from .models import Space, SpaceLogAction
from .services.acts import _administrator, _log

COVER_MAX_BYTES = 10 * 1024 * 1024
COVER_MAX_SIDE = 1600


@atomic_with_files()
def space_cover_set(*, actor, space: Space, upload, alt_text: str = "") -> Space:
    """Replace (or, with `upload` None, remove) the space's cover, by one of its administrators. The old file is
    deleted once the change has committed; a refused file changes nothing."""
    _administrator(space=space, user=actor)
    space = Space.objects.select_for_update().get(pk=space.pk)
    if upload is None and not space.cover:
        return space
    file_delete_on_commit(space.cover)
    if upload is None:
        space.cover, space.cover_alt = "", ""
        detail = "cover removed"
    else:
        space.cover_alt = clean_alt_text(alt_text, limit=300, required=True, field="cover_alt")
        attach_image(space, upload, sizes={"cover": COVER_MAX_SIDE}, max_bytes=COVER_MAX_BYTES, field="cover")
        detail = "cover"
    space.save(update_fields=["cover", "cover_alt"])
    _log(space=space, actor=actor, action=SpaceLogAction.SETTINGS_CHANGED, detail=detail)
    return space
