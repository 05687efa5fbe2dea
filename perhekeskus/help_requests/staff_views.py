"""Pages for the coordinator and admins: statistics without content, and the audit log.

Thin views: a form validates the query string, `statistics` and the audit queryset do the rest.
Anonymous visitors are sent to the login page; a logged-in user without the permission gets 403.
The statistics need `help_requests.view_help_request_statistics` (the coordinator's group has it),
the audit log and its export `help_requests.view_audit_log` (admins); superusers have both.
Exporting the log is itself an audit event.
"""

import csv
import json
from datetime import date, datetime, time, timedelta

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .models import AuditEvent, HelpRequest
from .statistics import MAX_PERIOD_DAYS, Period, default_period, request_rows, summarise

STATISTICS_PERMISSION = "help_requests.view_help_request_statistics"
AUDIT_PERMISSION = "help_requests.view_audit_log"
AUDIT_PAGE_SIZE = 50
CSV_COLUMNS = ("at", "actor", "action", "action_label", "request", "details")


# Days that can be asked about: wide enough for any real question, narrow enough that a day
# before or after them (the period's bounds) never overflows the date type.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def day_field(label) -> forms.DateField:
    message = gettext_lazy("Anna päivä väliltä 1.1.2000–31.12.2099.")
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        validators=[MinValueValidator(FIRST_DAY, message), MaxValueValidator(LAST_DAY, message)],
    )


class DateRangeForm(forms.Form):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`, both optional. The field names are Python keywords,
    hence added in __init__."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = day_field(gettext_lazy("Alkaen"))
        self.fields["to"] = day_field(gettext_lazy("Päättyen"))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            raise forms.ValidationError(_("Alkupäivä on myöhemmin kuin loppupäivä."))
        return cleaned


class PeriodForm(DateRangeForm):
    """The period of the statistics: by default the 12 ISO weeks up to `to` (today unless given),
    at most about three years."""

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        end = cleaned.get("to") or self.today
        start = cleaned.get("from") or default_period(end).start  # the 12 weeks up to `to`
        if start > end:
            raise forms.ValidationError(_("Alkupäivä on myöhemmin kuin loppupäivä."))
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("Jakso on liian pitkä: enintään %(days)d päivää kerrallaan.") % {"days": MAX_PERIOD_DAYS}
            )
        cleaned["period"] = Period(start, end)
        return cleaned


class AuditFilterForm(DateRangeForm):
    """Filters of the audit log: a request number, an action and days (Finnish time)."""

    request = forms.IntegerField(label=gettext_lazy("Pyynnön numero"), required=False, min_value=1)
    action = forms.ChoiceField(
        label=gettext_lazy("Tapahtuma"),
        required=False,
        choices=[("", gettext_lazy("kaikki"))] + AuditEvent.Action.choices,
    )

    def events(self):
        """The events matching the (valid) filters, newest first."""
        events = AuditEvent.objects.all()
        data = self.cleaned_data
        if data.get("request"):
            events = events.filter(request_ref=data["request"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        tz = timezone.get_default_timezone()
        if data.get("from"):
            events = events.filter(at__gte=datetime.combine(data["from"], time(0), tzinfo=tz))
        if data.get("to"):
            events = events.filter(at__lt=datetime.combine(data["to"] + timedelta(days=1), time(0), tzinfo=tz))
        return events.order_by("-at", "-pk")

    def used(self) -> dict[str, str]:
        """The filters given, as text (for the export's own audit event: no content in them)."""
        return {name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")}


@login_required
@permission_required(STATISTICS_PERMISSION, raise_exception=True)
def statistics(request):
    """Requests per week, topic and team, answer times and the promise kept, over a period."""
    tz = timezone.get_default_timezone()
    now = timezone.now()
    form = PeriodForm(request.GET or None, today=now.astimezone(tz).date())
    if request.GET and not form.is_valid():
        return render(request, "help_requests/staff/statistics.html", {"form": form}, status=400)
    period = form.cleaned_data["period"] if request.GET else default_period(now.astimezone(tz).date())
    stats = summarise(request_rows(HelpRequest.objects.all(), period=period, tz=tz), now=now, period=period, tz=tz)
    return render(request, "help_requests/staff/statistics.html", {"form": form, "stats": stats})


@login_required
@permission_required(AUDIT_PERMISSION, raise_exception=True)
def audit_log(request):
    """The audit log, newest first, filtered and paginated."""
    params = request.GET.copy()
    params.pop("page", None)
    form = AuditFilterForm(params or None)
    if params and not form.is_valid():
        return render(request, "help_requests/staff/audit_log.html", {"form": form}, status=400)
    events = form.events() if params else AuditEvent.objects.order_by("-at", "-pk")
    page = Paginator(events.select_related("actor"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_without_page": params.urlencode(), "export_query": params.urlencode()}
    return render(request, "help_requests/staff/audit_log.html", context)


class Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_cell(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_rows(events, tz):
    writer = csv.writer(Echo())
    yield "\ufeff"  # a byte-order mark, so that spreadsheets read the file as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    labels = dict(AuditEvent.Action.choices)
    for event in events.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                event.at.astimezone(tz).isoformat(timespec="seconds"),
                csv_cell(event.actor_name),
                event.action,
                str(labels.get(event.action, event.action)),
                "" if event.request_ref is None else event.request_ref,
                csv_cell(json.dumps(event.details, ensure_ascii=False, sort_keys=True)),
            ]
        )


@login_required
@permission_required(AUDIT_PERMISSION, raise_exception=True)
def audit_export(request):
    """The audit log (with the list's filters) as CSV. The export is logged before it is sent."""
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "help_requests/staff/audit_log.html", {"form": form}, status=400)
    events = form.events() if request.GET else AuditEvent.objects.order_by("-at", "-pk")
    now = timezone.now()
    audit.record(AuditEvent.Action.EXPORT, at=now, actor=request.user, filters=form.used() if request.GET else {})
    tz = timezone.get_default_timezone()
    response = StreamingHttpResponse(csv_rows(events, tz), content_type="text/csv; charset=utf-8")
    filename = f"audit-log-{now.astimezone(tz):%Y%m%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
