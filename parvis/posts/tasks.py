from django.utils import timezone
from django_tasks import task

from .models import LinkPreview
from .previews import PreviewError, fetch_preview


@task()
def link_preview_fetch(*, preview_id: int) -> str:
    """Fill a link preview card. Idempotent: a preview already fetched is left alone."""
    preview = LinkPreview.objects.filter(pk=preview_id).first()
    if preview is None or preview.state != LinkPreview.State.PENDING:
        return "skipped"
    try:
        card = fetch_preview(preview.url)
    except PreviewError as error:
        LinkPreview.objects.filter(pk=preview_id).update(
            state=LinkPreview.State.FAILED, error=str(error)[:300], fetched_at=timezone.now()
        )
        return "failed"
    LinkPreview.objects.filter(pk=preview_id).update(
        state=LinkPreview.State.READY,
        title=card.get("title", "")[:300],
        description=card.get("description", "")[:600],
        site_name=card.get("site_name", "")[:200],
        image_url=card.get("image_url", "")[:2000],
        error="",
        fetched_at=timezone.now(),
    )
    return "ready"
