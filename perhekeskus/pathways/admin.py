"""The coordinator edits paths in the admin: stages, steps with their choices and actions, and
sees at once what is wrong: a guide whose steps go round in a circle or end nowhere is refused on
saving, and links to services no longer in use are listed on the path's page. "View on site" is
the preview."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import graph, guide
from .models import Action, Choice, Pathway, Stage, StageService, Step

TEXTS = ("text_fi", "text_sv", "text_en")


def graph_problems(pathway: Pathway) -> list[str]:
    if not pathway.is_guide:
        return []
    if not pathway.start:
        return [str(_("Oppaalta puuttuu ensimmäinen askel."))]
    ends = set(pathway.steps.filter(is_end=True).values_list("key", flat=True))
    return graph.problems(pathway.start.key, guide.next_map(pathway), ends)


class StageInline(admin.StackedInline):
    model = Stage
    extra = 0
    fields = ("key", "order", "level", "path_stage", "name_fi", "name_sv", "name_en", *TEXTS, "phone", "hours")


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    fields = ("key", "order", *TEXTS, "requires_consent", "is_end")
    show_change_link = True


@admin.register(Pathway)
class PathwayAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "audience", "short", "problems")
    search_fields = ("slug", "name_fi")
    inlines = [StageInline, StepInline]
    readonly_fields = ("problems",)

    def view_on_site(self, obj):
        return reverse("pathways:detail", args=[obj.slug])

    @admin.display(description=_("huomioitavaa"))
    def problems(self, obj):
        if not obj.pk:
            return ""
        nexts = guide.next_map(obj)
        found = (
            graph.problems(obj.start.key, nexts, set(obj.steps.filter(is_end=True).values_list("key", flat=True)))
            if obj.start
            else []
        )
        found += [str(_("Palvelu ei ole käytössä: %(name)s")) % {"name": line} for line in guide.broken_links(obj)]
        return "; ".join(found) or "–"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for problem in graph_problems(form.instance):
            messages.warning(request, problem)


class ChoiceFormSet(BaseInlineFormSet):
    """The step's choices as edited, checked with the rest of the guide: no circle, no dead end."""

    def clean(self):
        super().clean()
        step = self.instance
        if not step.pk or not step.pathway.start:
            return
        nexts = guide.next_map(step.pathway)
        nexts[step.key] = [
            form.cleaned_data["next_step"].key
            for form in self.forms
            if form.cleaned_data.get("next_step") and not form.cleaned_data.get("DELETE")
        ]
        ends = set(step.pathway.steps.exclude(pk=step.pk).filter(is_end=True).values_list("key", flat=True))
        if step.is_end:
            ends.add(step.key)
        problems = graph.problems(step.pathway.start.key, nexts, ends)
        if problems:
            raise ValidationError([_("Oppaan rakenne ei kelpaa: %(problem)s") % {"problem": p} for p in problems])


class ChoiceInline(admin.TabularInline):
    model = Choice
    fk_name = "step"
    extra = 0
    formset = ChoiceFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "next_step" and request.resolver_match.kwargs.get("object_id"):
            step = Step.objects.filter(pk=request.resolver_match.kwargs["object_id"]).first()
            if step:
                kwargs["queryset"] = Step.objects.filter(pathway=step.pathway)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActionInline(admin.StackedInline):
    model = Action
    extra = 0
    autocomplete_fields = ("service",)
    filter_horizontal = ("services",)


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ("key", "pathway", "is_end", "requires_consent")
    list_filter = ("pathway",)
    search_fields = ("key", "text_fi")
    inlines = [ActionInline, ChoiceInline]

    def view_on_site(self, obj):
        return reverse("pathways:step", args=[obj.pathway.slug, obj.key])


admin.site.register(StageService)
