from django.utils.functional import SimpleLazyObject

from .permissions import permissions_for


def navigation(request):
    """What the menu may offer: the network's pages only to users who may read them
    (members.permissions: the one read policy). Asked only when a template uses it."""
    return {
        "may_read_network": SimpleLazyObject(
            lambda: permissions_for(getattr(request, "user", None)).may_read_network
        )
    }
