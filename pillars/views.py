from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from members.constants import RoleKind
from members.models import Role

from .models import Pillar


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
    """Pillars are the network's shared structure: every signed-in user may read one."""
    return get_object_or_404(_pillars_with_officers(), slug=slug)


def pillar_list(request: HttpRequest) -> HttpResponse:
    return render(request, "pillars/pillar_list.html", {"pillars": _pillars_with_officers()})


def pillar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pillar = get_pillar_for_user(request, slug)
    return render(request, "pillars/pillar_detail.html", {"pillar": pillar})
