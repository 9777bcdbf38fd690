from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LobbyConfig(AppConfig):
    name = "lobby"
    verbose_name = _("Lobby")

    def ready(self) -> None:
        from members import waiting

        from . import waiting as lobby_waiting

        # What waits for the DB (members.waiting): positions before it, notices.
        waiting.register("lobby.positions", lobby_waiting.positions)
        waiting.register("lobby.notices", lobby_waiting.notices)

        from auditlog.registry import auditlog

        from . import models

        # The audit trail (audit app); a dossier's timeline reads it (timeline.py).
        # Every object but the dossier carries its dossier's id in ``additional_data``.
        auditlog.register(models.Dossier, m2m_fields={"targets", "carriers"})
        for model in models.AUDITED_CHILDREN:
            auditlog.register(model)
        auditlog.register(models.LobbyTarget)
