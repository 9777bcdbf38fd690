from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Pillar(models.Model):
    """One of the network's three standing pillars.

    Its chair and secretary are not fields here: they are roles with a start and end
    date (members.Role), so that history is kept and there is one source of truth.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), max_length=10_000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pillars:detail", kwargs={"slug": self.slug})

    # These read ``current_roles``, prefetched by the views (one query for all pillars).
    def _current(self, kind: str) -> list:
        return [role for role in getattr(self, "current_roles", []) if role.kind == kind]

    @property
    def chairs(self) -> list:
        return self._current("pillar_chair")

    @property
    def secretaries(self) -> list:
        return self._current("pillar_secretary")


# The three standing pillars of the network (report, section E).
STANDING_PILLARS = [
    {
        "slug": "sociaal",
        "name": "Sociale Pijler",
        "short_name": "Sociaal",
        "position": 1,
        "description": "Zorg, welzijn, armoede, onderwijs en veiligheid.",
    },
    {
        "slug": "economie-en-werk",
        "name": "Pijler Economie en Werk",
        "short_name": "Economie en Werk",
        "position": 2,
        "description": "Regionale economie, arbeidsmarkt, MKB en binnensteden.",
    },
    {
        "slug": "fysiek",
        "name": "Fysieke Pijler",
        "short_name": "Fysiek",
        "position": 3,
        "description": "Wonen, bereikbaarheid, energie, klimaat en circulair bouwen.",
    },
]
