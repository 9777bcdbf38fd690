from celery import shared_task
from django.utils import timezone

from .extract import extract_text
from .models import FileVersion


@shared_task(name="knowledge.extract_text")
def extract_version_text(version_id: int) -> None:
    """Read the text of an uploaded file into the search (the worker, after upload)."""
    version = FileVersion.objects.select_related("file__product").filter(pk=version_id).first()
    if version is None:
        return
    with version.blob.open("rb") as handle:
        text = extract_text(handle, version.file_kind)
    FileVersion.objects.filter(pk=version.pk).update(text=text, extracted_at=timezone.now())
    version.file.product.refresh_search_text()


@shared_task(name="knowledge.send_weekly_digests")
def send_weekly_digests() -> int:
    """Runs daily (settings.CELERY_BEAT_SCHEDULE); each follower hears once a week at most."""
    from .mails import weekly_digests_send

    return weekly_digests_send()
