from auditlog.registry import auditlog
from django import forms
from django.utils.translation import gettext_lazy as _

from infra.forms import CleanFormMixin


def registered_models() -> dict[str, type]:
    """``{"app_label.model": model}`` for every model the audit trail records."""
    return {model._meta.label_lower: model for model in auditlog.get_models()}


class AuditLogFilterForm(CleanFormMixin, forms.Form):
    type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.IntegerField(label=_("Object id"), required=False, min_value=1)
    username = forms.CharField(label=_("By (username)"), required=False, max_length=150)
    request_id = forms.CharField(label=_("Request"), required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        models = sorted(
            registered_models().items(), key=lambda item: str(item[1]._meta.verbose_name)
        )
        self.fields["type"].choices = [
            ("", _("All types")),
            *((label, str(model._meta.verbose_name).capitalize()) for label, model in models),
        ]
