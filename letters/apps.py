from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("Member letters")

    def ready(self) -> None:
        from members import waiting

        from .waiting import drafts

        waiting.register("letters.drafts", drafts)  # what waits for the DB (members.waiting)

        from auditlog.registry import auditlog

        from .models import Election, Letter, RoleConfirmation

        # The audit trail: who drafted, edited, approved and sent which letter; who
        # marked an election and confirmed whom. Subscribers are not recorded: the
        # trail would keep addresses that unsubscribing must delete.
        auditlog.register(Letter)
        auditlog.register(Election)
        auditlog.register(RoleConfirmation)
