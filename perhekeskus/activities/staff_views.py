"""Staff pages of the calendar: my activities, cancelling a date (and undoing it), visitor counts.

Thin: authorise (`permissions`), validate a form, call `actions`, redirect. Every page needs a
login (anonymous visitors go to the login page) and the right to the activity: coordinators have
it for all, organisation editors for their organisation's, everyone else gets the site's 403.
A refused form is shown again with the message and what was typed, answering 400. Editing the
activity itself (its rule, place, texts) is done in the admin, which follows the same rule.
"""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxValueValidator, MinValueValidator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import actions
from .models import Activity, DateChange, VisitCount
from .occurrences import occurrences
from .permissions import access_activities, access_activity

# How far ahead the lists look for next dates (the cancel page lists them all, hence shorter), and
# how far back for dates to count visitors of.
UPCOMING_DAYS = 90
CANCEL_LIST_DAYS = 42
NEXT_DATES_SHOWN = 3
RECENT_DAYS = 60
MAX_VISITORS = 2000
# Dates that can be typed: wide enough for any real season, narrow enough never to overflow.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
REASON_MAX_CHARS = DateChange._meta.get_field("note_fi").max_length


def today() -> date:
    """Today's date in Finland, where the calendar's days are."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


# --- Forms ----------------------------------------------------------------------------------------


def day_field() -> forms.DateField:
    message = gettext_lazy("Anna päivä väliltä 1.1.2000–31.12.2099.")
    return forms.DateField(
        label=gettext_lazy("Päivä"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[MinValueValidator(FIRST_DAY, message), MaxValueValidator(LAST_DAY, message)],
        error_messages={
            "required": gettext_lazy("Valitse päivä."),
            "invalid": gettext_lazy("Anna päivä muodossa vvvv-kk-pp."),
        },
    )


def reason_field(label, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy("Kerro syy: perheet näkevät sen kalenterissa."),
            "max_length": gettext_lazy("Syy on liian pitkä: enintään %(limit_value)d merkkiä (nyt %(show_value)d)."),
        },
    )


def count_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_VISITORS,
        error_messages={
            "required": gettext_lazy("Anna määrä (0, jos ei ketään)."),
            "invalid": gettext_lazy("Anna määrä kokonaislukuna."),
            "min_value": gettext_lazy("Määrä ei voi olla negatiivinen."),
            "max_value": format_lazy(gettext_lazy("Enintään {max} kävijää."), max=MAX_VISITORS),
        },
    )


class DateForm(forms.Form):
    """A date of the activity, checked by one of the `actions.check_*` rules."""

    check = None  # an actions.check_* function, set by the subclass

    date = day_field()

    def __init__(self, *args, activity: Activity, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.today = today

    def clean_date(self):
        day = self.cleaned_data["date"]
        problem = type(self).check(self.activity, day, today=self.today)
        if problem:
            raise forms.ValidationError(problem)
        return day


class CancelForm(DateForm):
    check = staticmethod(actions.check_cancellable)

    reason_fi = reason_field(gettext_lazy("Syy suomeksi"), required=True)
    reason_sv = reason_field(gettext_lazy("Syy ruotsiksi"), required=False)
    reason_en = reason_field(gettext_lazy("Syy englanniksi"), required=False)

    def reasons(self) -> dict[str, str]:
        return {lang: self.cleaned_data[f"reason_{lang}"] for lang in actions.LANGUAGES}


class RestoreForm(DateForm):
    check = staticmethod(actions.check_restorable)


class VisitorsForm(DateForm):
    check = staticmethod(actions.check_countable)

    adults = count_field(gettext_lazy("Aikuisia"))
    children = count_field(gettext_lazy("Lapsia"))


# --- Views ----------------------------------------------------------------------------------------


def staff_page(view):
    """Login first (else the login page, with a return address); GET or POST; never cached."""
    return never_cache(require_http_methods(["GET", "HEAD", "POST"])(login_required(view)))


@staff_page
def my_activities(request):
    activities = access_activities(request.user).select_related("place").order_by("name_fi", "slug")
    day = today()
    upcoming: dict[int, list] = {}
    for occurrence in occurrences(activities, day, day + timedelta(days=UPCOMING_DAYS - 1)):
        upcoming.setdefault(occurrence.activity.pk, []).append(occurrence)
    rows = [(activity, upcoming.get(activity.pk, [])[:NEXT_DATES_SHOWN]) for activity in activities]
    return render(request, "activities/staff/list.html", {"rows": rows, "today": day})


@staff_page
def cancel_date(request, slug: str):
    activity = access_activity(request.user, slug)
    day = today()
    status, restore_errors = 200, []
    form = CancelForm(activity=activity, today=day, initial={"date": _asked_day(request)})
    if request.method == "POST":
        if request.POST.get("action") == "restore":
            restore = RestoreForm(request.POST, activity=activity, today=day)
            if restore.is_valid():
                actions.restore_occurrence(activity=activity, day=restore.cleaned_data["date"])
                messages.success(request, _("Kerta %(date)s palautettiin.") % {"date": _day(restore)})
                return redirect(request.path)
            restore_errors = restore.errors["date"]
        else:
            form = CancelForm(request.POST, activity=activity, today=day)
            if form.is_valid():
                actions.cancel_occurrence(activity=activity, day=form.cleaned_data["date"], reasons=form.reasons())
                messages.success(request, _("Kerta %(date)s on peruttu.") % {"date": _day(form)})
                return redirect(request.path)
        status = 400
    upcoming = occurrences(Activity.objects.filter(pk=activity.pk), day, day + timedelta(days=CANCEL_LIST_DAYS - 1))
    context = {
        "activity": activity,
        "form": form,
        "upcoming": upcoming,
        "upcoming_days": CANCEL_LIST_DAYS,
        "restore_errors": restore_errors,
    }
    return render(request, "activities/staff/cancel.html", context, status=status)


@staff_page
def visitors(request, slug: str):
    activity = access_activity(request.user, slug)
    day = today()
    status = 200
    if request.method == "POST":
        form = VisitorsForm(request.POST, activity=activity, today=day)
        if form.is_valid():
            data = form.cleaned_data
            actions.record_visitors(
                activity=activity, day=data["date"], adults=data["adults"], children=data["children"], user=request.user
            )
            messages.success(request, _("Kävijät %(date)s tallennettiin.") % {"date": _day(form)})
            return redirect(request.path)
        status = 400
    else:
        form = VisitorsForm(activity=activity, today=day, initial=_recorded(activity, _asked_day(request)))
    past = occurrences(Activity.objects.filter(pk=activity.pk), day - timedelta(days=RECENT_DAYS - 1), day)
    counts = {count.date: count for count in activity.visit_counts.filter(date__in=[o.date for o in past])}
    recent = [(occurrence, counts.get(occurrence.date)) for occurrence in reversed(past)]
    context = {"activity": activity, "form": form, "recent": recent}
    return render(request, "activities/staff/visitors.html", context, status=status)


def _day(form: forms.Form) -> str:
    return f"{form.cleaned_data['date']:%-d.%-m.%Y}"


def _asked_day(request) -> date | None:
    """The day of a `?date=` link from the page's list; None for none or nonsense."""
    try:
        return day_field().clean(request.GET.get("date", ""))
    except forms.ValidationError:
        return None


def _recorded(activity: Activity, day: date | None) -> dict:
    """The visitor form's first values: the day asked for, with the counts recorded for it, if any."""
    if day is None:
        return {}
    count = VisitCount.objects.filter(activity=activity, date=day).first()
    if count is None:
        return {"date": day}
    return {"date": day, "adults": count.adults, "children": count.children}
