"""What staff do to an activity's dates: cancel one occurrence, undo that, record its visitors.

`check_*` functions say whether a date may be acted on (a message for the form, or None);
`cancel_occurrence`, `restore_occurrence` and `record_visitors` write, after the caller has
checked both the date and the user's right to the activity (`permissions.access_activity`).
Today's date comes in as an argument, so the rules can be tested on any day.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Activity, DateChange, VisitCount
from .occurrences import Occurrence, occurrences

LANGUAGES = ("fi", "sv", "en")


def occurrence_on(activity: Activity, day: date) -> Occurrence | None:
    """The activity's occurrence on `day` (cancelled ones included), or None if it has none."""
    found = occurrences(Activity.objects.filter(pk=activity.pk), day, day)
    return found[0] if found else None


def check_cancellable(activity: Activity, day: date, *, today: date) -> str | None:
    """Why the occurrence on `day` cannot be cancelled, or None when it can (again, to change the reason)."""
    if day < today:
        return _("Mennyttä kertaa ei voi perua.")
    if occurrence_on(activity, day) is None:
        return _("Toimintaa ei ole tänä päivänä: valitse jokin sen päivistä.")
    return None


def check_restorable(activity: Activity, day: date, *, today: date) -> str | None:
    """Why the cancellation on `day` cannot be undone, or None when it can."""
    if day < today:
        return _("Mennyttä kertaa ei voi palauttaa.")
    occurrence = occurrence_on(activity, day)
    if occurrence is None or not occurrence.cancelled:
        return _("Tätä kertaa ei ole peruttu.")
    return None


def check_countable(activity: Activity, day: date, *, today: date) -> str | None:
    """Why visitors cannot be recorded for `day`, or None: only for an occurrence that took place."""
    if day > today:
        return _("Kävijät kirjataan vasta, kun kerta on pidetty.")
    occurrence = occurrence_on(activity, day)
    if occurrence is None:
        return _("Toimintaa ei ollut tänä päivänä: valitse jokin sen päivistä.")
    if occurrence.cancelled:
        return _("Kerta oli peruttu.")
    return None


@transaction.atomic
def cancel_occurrence(*, activity: Activity, day: date, reasons: dict[str, str]) -> DateChange:
    """Cancel the occurrence on `day` with the reason families see, by language (fi required).

    A change already on that date (a moved time, a special date of the data file) keeps its times
    and becomes the staff's own, so that loading the data file again does not undo the
    cancellation; its note is replaced by the reason.
    """
    notes = {f"note_{lang}": reasons.get(lang, "") for lang in LANGUAGES}
    change, _created = DateChange.objects.update_or_create(
        activity=activity, date=day, defaults={"cancelled": True, "from_data": False, **notes}
    )
    return change


@transaction.atomic
def restore_occurrence(*, activity: Activity, day: date) -> None:
    """Undo the cancellation on `day`: the reason goes, a changed time stays."""
    change = DateChange.objects.select_for_update().filter(activity=activity, date=day).first()
    if change is None:
        return
    if change.starts_at is None and change.ends_at is None:
        change.delete()
        return
    change.cancelled = False
    for lang in LANGUAGES:
        setattr(change, f"note_{lang}", "")
    change.save()


@transaction.atomic
def record_visitors(*, activity: Activity, day: date, adults: int, children: int, user) -> VisitCount:
    """Store how many came on `day`; recording again replaces the counts and the recorder."""
    count, _created = VisitCount.objects.update_or_create(
        activity=activity, date=day, defaults={"adults": adults, "children": children, "recorded_by": user}
    )
    return count
