"""The directory's public pages: the front page, the service search and the lists of
organisations and places, and each one's own page. Thin: parse the request, call the finder or
the directory, render."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from perhekeskus.directory.contact import ways_to_reach
from perhekeskus.directory.forms import OrganizationSearchForm, PlaceSearchForm, ServiceSearchForm
from perhekeskus.directory.models import Location, Organization, PathStage, Service, TargetGroup
from perhekeskus.directory.open_states import (
    channel_open_state,
    days_off_around,
    location_open_state,
    service_open_state,
)
from perhekeskus.directory.related import related_services
from perhekeskus.search.finder import find_services, narrowed
from perhekeskus.search.suggest import did_you_mean, record_miss

from . import response_cache

PAGE_SIZE = 20
LIST_PAGE_SIZE = 50  # organisations and places: one line each


def home(request):
    public = Q(services__status__in=[Service.Status.ACTIVE, Service.Status.PLANNED])
    target_groups = (
        TargetGroup.objects.annotate(count=Count("services", filter=public))
        .filter(count__gt=0)
        .order_by("order", "slug")
    )
    path_stages = (
        PathStage.objects.annotate(count=Count("services", filter=public)).filter(count__gt=0).order_by("order", "slug")
    )
    return render(
        request,
        "site/home.html",
        {"form": ServiceSearchForm(), "target_groups": target_groups, "path_stages": path_stages},
    )


@response_cache.shared
def service_list(request):
    form = ServiceSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "site/service_list.html", {"form": form, "page": None}, status=400)
    found = find_services(form.cleaned_data, at=timezone.now())
    paginator = Paginator(found.services, PAGE_SIZE)
    page, problem, status = _page_of(request, paginator)
    if page is None:
        return _bad_page(request, "site/service_list.html", form, problem, status)
    nothing = _when_nothing_found(request, form, paginator.count)
    response = render(
        request,
        "site/service_list.html",
        {
            **nothing,
            "form": form,
            "page": page,
            "found": found,
            "facets": _facet_options(form, found),
            "open_states": found.open_states,
            "query_without_page": _query_without(request, "page"),
        },
    )
    # A search that found nothing is counted every time it is asked: never served from the cache.
    response.not_shared = not paginator.count
    response.valid_until = found.valid_until
    return response


FEW_RESULTS = 3  # below this, a misspelt word may be why: offer the spelling the directory uses


def _when_nothing_found(request, form, count: int) -> dict:
    """For few or no results: a "did you mean" query; for none, also the ways in by life situation,
    and a query that found nothing without any filter is counted (without personal data) for the
    coordinator."""
    query = form.cleaned_data.get("q") or ""
    if count >= FEW_RESULTS or not query:
        return {}
    filtered = any(value for name, value in form.cleaned_data.items() if name != "q")
    if not count and not filtered:
        record_miss(query)
    suggestion = did_you_mean(query)
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = suggestion or ""
    context = {"life_situations": TargetGroup.objects.all()} if not count else {}
    if suggestion:
        context.update(suggestion=suggestion, suggestion_query=params.urlencode())
    return context


def _page_of(request, paginator):
    """(the page asked for, None, 200), or (None, why not, 400 or 404)."""
    try:
        number = int(request.GET.get("page") or 1)
        if number < 1:
            raise PageNotAnInteger
        return paginator.page(number), None, 200
    except (PageNotAnInteger, ValueError):
        return None, _("Sivunumeron pitää olla positiivinen kokonaisluku."), 400
    except EmptyPage:
        return None, _("Sivua ei ole: tuloksia on %(pages)d sivulla.") % {"pages": paginator.num_pages}, 404


def _bad_page(request, template, form, message, status):
    context = {"form": form, "page": None, "page_error": message, "query_without_page": _query_without(request, "page")}
    return render(request, template, context, status=status)


def _searchable_list(request, form_class, kind: str, queryset, template: str):
    """A list of organisations or places, a page at a time, narrowed by `?q=` (search/names.py)."""
    form = form_class(request.GET)
    if not form.is_valid():
        return render(request, template, {"form": form, "page": None}, status=400)
    query = form.cleaned_data["q"]
    items = narrowed(queryset, kind, query)
    page, problem, status = _page_of(request, Paginator(items, LIST_PAGE_SIZE))
    if page is None:
        return _bad_page(request, template, form, problem, status)
    context = {"form": form, "page": page, "query": query, "query_without_page": _query_without(request, "page")}
    return render(request, template, context)


def _query_without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _facet_options(form, found):
    """Every filter with its options: label, value, count and whether it is chosen."""
    data = form.cleaned_data
    facets = []
    for name in ("target_group", "path_stage", "delivery", "language", "area"):
        field = form.fields[name]
        chosen = data.get(name)
        chosen_slugs = {chosen.slug} if name == "area" and chosen else {o.slug for o in (chosen or [])}
        options = [
            {
                "value": obj.slug,
                "label": obj.name,
                "count": found.facets[name].get(obj.slug, 0),
                "chosen": obj.slug in chosen_slugs,
            }
            for obj in field.queryset
        ]
        options = [o for o in options if o["count"] or o["chosen"]]
        if options:
            facets.append({"name": name, "label": field.label, "options": options, "multiple": name != "area"})
    kinds = set(data.get("org_kind") or [])
    options = [
        {"value": value, "label": label, "count": found.facets["org_kind"].get(value, 0), "chosen": value in kinds}
        for value, label in Organization.Kind.choices
    ]
    options = [o for o in options if o["count"] or o["chosen"]]
    if options:
        facets.append(
            {"name": "org_kind", "label": form.fields["org_kind"].label, "options": options, "multiple": True}
        )
    flags = [
        {
            "name": flag,
            "label": form.fields[flag].label,
            "count": found.facets[flag].get(True, 0),
            "chosen": bool(data.get(flag)),
        }
        for flag in ("open_now", "free", "anonymous")
    ]
    return {"lists": facets, "flags": flags}


def service_detail(request, slug):
    service = get_object_or_404(Service.objects.with_relations().prefetch_related("tasks", "partners"), slug=slug)
    at = timezone.now()
    days_off = days_off_around(at)
    channel_states = [(channel, channel_open_state(channel, at, days_off)) for channel in service.channels.all()]
    return render(
        request,
        "site/service_detail.html",
        {
            "service": service,
            "open_state": service_open_state(service, at, days_off),
            "channel_states": channel_states,
            "ways": ways_to_reach(service),
            "related": related_services(service),
        },
    )


def organization_list(request):
    organizations = (
        Organization.objects.annotate(count=Count("services", filter=~Q(services__status=Service.Status.NOT_IN_USE)))
        .select_related("area")
        .order_by("name_fi", "slug")
    )
    return _searchable_list(
        request, OrganizationSearchForm, "organizations", organizations, "site/organization_list.html"
    )


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("area", "parent"), slug=slug)
    services = list(Service.objects.public().of_organization(organization).with_relations())
    return render(
        request,
        "site/organization_detail.html",
        {
            "organization": organization,
            "services": services,
            "open_states": _open_states(services),
            "units": organization.units.all(),
            "locations": organization.locations.all(),
        },
    )


def _open_states(services) -> dict:
    """Open state of each service, for the cards of a list (one days-off query for all)."""
    at = timezone.now()
    days_off = days_off_around(at)
    return {s.pk: service_open_state(s, at, days_off) for s in services}


def location_list(request):
    locations = Location.objects.select_related("municipality", "organization").order_by("name_fi", "slug")
    return _searchable_list(request, PlaceSearchForm, "places", locations, "site/location_list.html")


def location_detail(request, slug):
    location = get_object_or_404(Location.objects.select_related("municipality", "area", "organization"), slug=slug)
    at = timezone.now()
    services = list(location.services.public().with_relations())
    return render(
        request,
        "site/location_detail.html",
        {
            "location": location,
            "services": services,
            "open_states": _open_states(services),
            "open_state": location_open_state(location, at, days_off_around(at)),
        },
    )
