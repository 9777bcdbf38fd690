from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import FileVersion, Follow, KnowledgeFile, KnowledgeProduct

        # The audit trail: who added, changed, corrected which product and file.
        auditlog.register(KnowledgeProduct, exclude_fields=["search_text", "search_vector"])
        auditlog.register(KnowledgeFile)
        auditlog.register(FileVersion, exclude_fields=["text"])
        auditlog.register(Follow, exclude_fields=["notified_until"])
