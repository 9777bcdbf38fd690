"""Adding and changing knowledge products and their files.

Every service takes a keyword-only ``by`` (a user, or ``members.actors.SYSTEM``) and
asks members.permissions again inside its transaction (``Forbidden``, code ``forbidden``).
A file is checked by its content before anything is stored (uploads.py); the text is
read by the worker after the commit (tasks.extract_version_text)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from infra.locking import locked_transaction
from infra.services import require_allowed
from members.actors import acting_user, is_system
from members.permissions import permissions_for

from .models import FileVersion, KnowledgeFile, KnowledgeProduct
from .selectors import owner_pillar_id
from .uploads import check_upload

logger = logging.getLogger(__name__)

PRODUCT_FIELDS = (
    "title",
    "summary",
    "kind",
    "audience",
    "maker_kind",
    "theme_group",
    "pillar",
    "session",
    "maker_name",
    "published_on",
    "is_public",
)


def _allowed_for(by, product: KnowledgeProduct) -> None:
    if not is_system(by):
        require_allowed(permissions_for(by).may_add_knowledge_for(owner_pillar_id(product)))


def _queue_extraction(version_id: int) -> None:
    from .tasks import extract_version_text

    def send() -> None:
        try:
            extract_version_text.delay(version_id)
        except Exception:  # the broker is down: the search lacks this text until re-run
            logger.warning("Could not queue text extraction of version %s", version_id)

    transaction.on_commit(send)


def product_create(*, by, upload=None, label: str = "", **fields) -> KnowledgeProduct:
    """A product, with its first file when one is given (checked first: a refused file
    stores nothing, not even the product)."""
    checked = check_upload(upload) if upload is not None else None
    with locked_transaction():
        product = KnowledgeProduct(**{k: fields[k] for k in PRODUCT_FIELDS if k in fields})
        product.created_by = acting_user(by)
        _allowed_for(by, product)
        product.full_clean()
        product.save()
        if upload is not None:
            _add_file(product, upload, checked, label=label or product.title, by=by)
        product.refresh_search_text()
    return product


def product_update(*, by, product: KnowledgeProduct, **fields) -> KnowledgeProduct:
    with locked_transaction():
        _allowed_for(by, product)  # as it was: one may not move another's product
        for name in PRODUCT_FIELDS:
            if name in fields:
                setattr(product, name, fields[name])
        _allowed_for(by, product)  # and as it will be
        product.full_clean()
        product.save()
        product.refresh_search_text()
    return product


def _add_file(product, upload, checked, *, label, by, note="") -> FileVersion:
    file = KnowledgeFile.objects.create(product=product, label=label[:200])
    return _add_version(file, upload, checked, by=by, note=note, number=1)


def _add_version(file, upload, checked, *, by, note, number) -> FileVersion:
    kind, display_name, digest = checked
    version = FileVersion(
        file=file,
        number=number,
        original_name=display_name,
        file_kind=kind,
        size=upload.size,
        sha256=digest,
        note=note,
        uploaded_by=acting_user(by),
        uploaded_at=timezone.now(),
    )
    version.blob.save(display_name, upload, save=False)
    stored = version.blob.name
    # A failing insert must not leave the stored file behind (a later rollback of the
    # transaction may: such an orphan holds nothing any page links to).
    try:
        version.save()
    except Exception:
        version.blob.storage.delete(stored)
        raise
    _queue_extraction(version.pk)
    return version


def file_add(*, by, product: KnowledgeProduct, upload, label: str) -> FileVersion:
    """Another file of a product."""
    checked = check_upload(upload)
    with locked_transaction():
        _allowed_for(by, product)
        version = _add_file(product, upload, checked, label=label or product.title, by=by)
    return version


def version_add(*, by, file: KnowledgeFile, upload, note: str = "") -> FileVersion:
    """A corrected file: the next version, shown instead of the old one, which stays
    in the history."""
    checked = check_upload(upload)
    with locked_transaction():
        KnowledgeFile.objects.select_for_update().filter(pk=file.pk).first()
        _allowed_for(by, file.product)
        last = file.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = _add_version(file, upload, checked, by=by, note=note, number=last + 1)
    return version
