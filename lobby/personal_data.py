"""What the lobby holds about a person: the dossiers they carry or coordinate, and the
proposals, stances, notices and actions they recorded. For their own download, and for
erasure: the records stay (the network's positions and a city's notices are the
city's), the person's link to them goes; the audit app scrubs the trail."""

from .models import CityAction, DeviationNotice, Dossier, Moment, PositionVersion, Stance


def collect(person) -> dict:
    return {
        "dossiers_carried": list(
            Dossier.objects.filter(carriers=person).values_list("subject", flat=True)
        ),
        "dossiers_coordinated": list(
            Dossier.objects.filter(coordinator=person).values_list("subject", flat=True)
        ),
        "positions_proposed": [
            {
                "dossier": v.dossier.subject,
                "version": v.number,
                "proposed_at": v.proposed_at.isoformat(),
            }
            for v in PositionVersion.objects.filter(proposed_by=person).select_related("dossier")
        ],
        "moments_proposed": [
            {"dossier": m.dossier.subject, "title": m.title}
            for m in Moment.objects.filter(proposed_by=person).select_related("dossier")
        ],
        "stances_recorded": [
            {
                "dossier": s.dossier.subject,
                "city": s.city.name,
                "stance": s.kind,
                "recorded_at": s.recorded_at.isoformat(),
            }
            for s in Stance.objects.filter(recorded_by=person).select_related("dossier", "city")
        ],
        "notices_filed": [
            {"dossier": n.dossier.subject, "city": n.city.name, "filed_at": n.filed_at.isoformat()}
            for n in DeviationNotice.objects.filter(filed_by=person).select_related(
                "dossier", "city"
            )
        ],
        "city_actions_recorded": [
            {
                "dossier": a.dossier.subject,
                "city": a.city.name,
                "took_place_on": a.took_place_on.isoformat(),
            }
            for a in CityAction.objects.filter(recorded_by=person).select_related("dossier", "city")
        ],
    }


def erase(person) -> None:
    for dossier in Dossier.objects.filter(carriers=person):
        dossier.carriers.remove(person)
    Dossier.objects.filter(coordinator=person).update(coordinator=None)
    PositionVersion.objects.filter(proposed_by=person).update(proposed_by=None)
    Moment.objects.filter(proposed_by=person).update(proposed_by=None)
    Stance.objects.filter(recorded_by=person).update(recorded_by=None)
    DeviationNotice.objects.filter(filed_by=person).update(filed_by=None)
    CityAction.objects.filter(recorded_by=person).update(recorded_by=None)
