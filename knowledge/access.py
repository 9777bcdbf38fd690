"""Access helpers: every knowledge view calls one of these first (the one read policy,
then members.permissions). Members-only products and their files are for those who read
the network; the public archive's helpers ask only whether a product is public."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.access import require_network_reader

from .models import FileVersion, KnowledgeProduct
from .selectors import owner_pillar_id


def require_knowledge_reader(request):
    return require_network_reader(request)


def require_knowledge_adder(request):
    return require_network_reader(request, lambda p: p.may_add_knowledge)


def get_product_for_user(request, pk: int) -> KnowledgeProduct:
    require_knowledge_reader(request)
    return get_object_or_404(
        KnowledgeProduct.objects.select_related(
            "theme_group", "pillar", "session__network_day", "created_by"
        ),
        pk=pk,
    )


def get_product_for_editor(request, pk: int) -> KnowledgeProduct:
    product = get_product_for_user(request, pk)
    permissions = require_network_reader(request)
    if not permissions.may_edit_knowledge(owner_pillar_id(product)):
        raise PermissionDenied
    return product


def get_version_for_user(request, pk: int) -> FileVersion:
    """A file to download: every version of every product, for those who read the
    network (members-only files are never sent to anyone else)."""
    require_knowledge_reader(request)
    return get_object_or_404(FileVersion.objects.select_related("file__product"), pk=pk)


def get_public_version(pk: int) -> FileVersion:
    """A public product's file, for everyone (the public archive)."""
    return get_object_or_404(
        FileVersion.objects.select_related("file__product"), pk=pk, file__product__is_public=True
    )


def get_public_product(pk: int) -> KnowledgeProduct:
    return get_object_or_404(
        KnowledgeProduct.objects.select_related("theme_group", "pillar", "session__network_day"),
        pk=pk,
        is_public=True,
    )
