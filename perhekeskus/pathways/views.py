"""Public pages of the service paths: the families' path, the professionals' guide step by step
(every answer a plain link, or a form post for browsers that send one), its printable summary and
the short links for network letters."""

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from perhekeskus.directory.emergency import emergency_numbers

from . import guide
from .models import Pathway, Step


@require_safe
def pathway_list(request):
    return render(request, "pathways/list.html", {"pathways": Pathway.objects.all()})


@require_safe
def pathway_detail(request, slug):
    pathway = get_object_or_404(Pathway, slug=slug)
    if pathway.is_guide:
        return render(request, "pathways/guide_start.html", {"pathway": pathway, "emergency": emergency_numbers()})
    at = timezone.now()
    context = {"pathway": pathway, "levels": guide.levels(guide.stages(pathway, at)), "now": at}
    return render(request, "pathways/families.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def step(request, slug, key):
    pathway = get_object_or_404(Pathway, slug=slug, audience=Pathway.Audience.PROFESSIONALS)
    # Any text reaches here (a NUL byte would break PostgreSQL): only a slug can name a step.
    current = guide.steps_of(pathway).filter(key=key).first() if slug_re.fullmatch(key) else None
    if current is None:
        return render(request, "pathways/unknown_step.html", {"pathway": pathway, "key": key[:100]}, status=404)
    choices = list(current.choices.all())
    via = request.GET.get("via", "")
    if request.method == "POST":  # a form post of a choice: its number on this step
        number = request.POST.get("choice", "")
        if number.isascii() and number.isdigit() and int(number) < len(choices):
            return redirect(_next_url(pathway, choices[int(number)].next_step, via, current))
        error = _("Valintaa ei tunnistettu. Valitse jokin alla olevista vaihtoehdoista.")
        return _step_page(request, pathway, current, choices, via, error=error, status=400)
    return _step_page(request, pathway, current, choices, via)


def _next_url(pathway, target: Step, via: str, current: Step) -> str:
    route = ",".join([*[k for k in via.split(",") if k][:49], current.key])
    return f"{target_url(pathway, target)}?via={route}"


def target_url(pathway, target: Step) -> str:
    return reverse("pathways:step", args=[pathway.slug, target.key])


def _step_page(request, pathway, current, choices, via, *, error="", status=200):
    at, days_off = guide.now_and_days_off()
    trail = guide.trail(pathway, via, current)
    route = ",".join(s.key for s in [*trail, current])
    context = {
        "pathway": pathway,
        "step": current,
        "actions": guide.step_actions(current, at, days_off),
        "choices": [(i, c, f"{target_url(pathway, c.next_step)}?via={route}") for i, c in enumerate(choices)],
        "trail": trail,
        "via": ",".join(s.key for s in trail),
        "emergency": emergency_numbers(),
        "error": error,
        "now": at,
    }
    return render(request, "pathways/step.html", context, status=status)


@require_safe
def summary(request, slug):
    """The whole guide on one printable page: every step with its actions and where it leads."""
    pathway = get_object_or_404(Pathway, slug=slug)
    at, days_off = guide.now_and_days_off()
    steps = [(s, guide.step_actions(s, at, days_off), list(s.choices.all())) for s in guide.steps_of(pathway)]
    context = {"pathway": pathway, "steps": steps, "emergency": emergency_numbers(), "now": at}
    if not pathway.is_guide:
        context["levels"] = guide.levels(guide.stages(pathway, at))
    return render(request, "pathways/summary.html", context)


@require_safe
def short_link(request, short):
    pathway = Pathway.objects.filter(short=short.lower()).first()
    if pathway is None:
        raise Http404
    return redirect("pathways:detail", pathway.slug)
