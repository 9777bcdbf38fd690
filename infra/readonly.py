"""Records that nobody changes by hand: decisions, history, registrations held by a
service's rules. One mixin for every app's admin (and its inlines)."""


class ReadOnlyAdminMixin:
    """The admin shows these rows, never adds, changes or deletes them."""

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
