"""Services related to a service: what a family looking at one might need next."""

from django.db.models import Count, Q

from .models import Service


def related_services(service: Service, limit: int = 5) -> list[Service]:
    """Services most like this one: sharing family-centre tasks and target groups, the same path
    stage or the same provider. Best first; ties by Finnish name and slug."""
    task_ids = [t.pk for t in service.tasks.all()]
    group_ids = [g.pk for g in service.target_groups.all()]
    candidates = (
        Service.objects.public()
        .exclude(pk=service.pk)
        .annotate(
            shared_tasks=Count("tasks", filter=Q(tasks__in=task_ids), distinct=True),
            shared_groups=Count("target_groups", filter=Q(target_groups__in=group_ids), distinct=True),
        )
        .filter(Q(shared_tasks__gt=0) | Q(organization_id=service.organization_id, organization__isnull=False))
        .select_related("organization")
    )
    scored = []
    for other in candidates:
        score = 2 * other.shared_tasks + other.shared_groups
        score += 2 if service.path_stage_id and other.path_stage_id == service.path_stage_id else 0
        score += 1 if service.organization_id and other.organization_id == service.organization_id else 0
        scored.append((-score, other.name_fi.casefold(), other.slug, other))
    scored.sort(key=lambda row: row[:3])
    return [row[3] for row in scored[:limit]]
