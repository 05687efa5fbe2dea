"""Pages for the coordinator and admins: statistics without content, and the audit log.

Thin views: a form (`staff_forms`) validates the query string, `statistics` and `selectors` do the
rest. Anonymous visitors are sent to the login page; a logged-in user without the permission gets
403. The statistics need `help_requests.view_help_request_statistics` (the coordinator's group
has it), the audit log and its export `help_requests.view_audit_log` (admins); superusers have
both. Exporting the log is itself an audit event (`selectors.export_audit_log`).
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .audit_csv import csv_rows
from .selectors import AuditFilters, audit_events, export_audit_log
from .staff_forms import AuditFilterForm, PeriodForm
from .statistics import default_period, statistics_of

STATISTICS_PERMISSION = "help_requests.view_help_request_statistics"
AUDIT_PERMISSION = "help_requests.view_audit_log"
AUDIT_PAGE_SIZE = 50


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
    stats = statistics_of(period=period, now=now, tz=tz)
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
    events = audit_events(form.filters() if params else AuditFilters(), tz=timezone.get_default_timezone())
    page = Paginator(events.select_related("actor"), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query_without_page": params.urlencode(), "export_query": params.urlencode()}
    return render(request, "help_requests/staff/audit_log.html", context)


@login_required
@permission_required(AUDIT_PERMISSION, raise_exception=True)
def audit_export(request):
    """The audit log (with the list's filters) as CSV. The export is logged before it is sent."""
    form = AuditFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "help_requests/staff/audit_log.html", {"form": form}, status=400)
    tz = timezone.get_default_timezone()
    now = timezone.now()
    filters = form.filters() if request.GET else AuditFilters()
    events = export_audit_log(user=request.user, filters=filters, tz=tz, at=now)
    response = StreamingHttpResponse(csv_rows(events, tz), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{now.astimezone(tz):%Y%m%d-%H%M}.csv"'
    response["Cache-Control"] = "no-store"
    return response
