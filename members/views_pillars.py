from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pillars.models import Pillar

from .access import require_network_reader
from .constants import RoleKind
from .models import Role


def _pillars_with_officers():
    current = (
        Role.objects.current(timezone.localdate())
        .filter(kind__in=[RoleKind.PILLAR_CHAIR, RoleKind.PILLAR_SECRETARY])
        .select_related("person__city")
        .order_by("kind", "starts_on")
    )
    return Pillar.objects.prefetch_related(
        Prefetch("roles", queryset=current, to_attr="current_roles")
    )


def get_pillar_for_user(request, slug: str) -> Pillar:
    """Pillars are the network's shared structure: everyone with a role may read one."""
    require_network_reader(request)
    return get_object_or_404(_pillars_with_officers(), slug=slug)


@require_GET
def pillar_list(request: HttpRequest) -> HttpResponse:
    require_network_reader(request)
    return render(request, "pillars/pillar_list.html", {"pillars": _pillars_with_officers()})


@require_GET
def pillar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pillar = get_pillar_for_user(request, slug)
    return render(request, "pillars/pillar_detail.html", {"pillar": pillar})
