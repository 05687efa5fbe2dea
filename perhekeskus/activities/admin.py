"""The calendar in the admin: seasons with their breaks, activities with their pauses and dates.

Validation is the models' own (`clean`): an end before a start, a season of 50 years, a weekly
rule without weekdays are messages on the form, never a 500.

Organisation editors see and change only their organisation's activities (and their visitor
counts), by the same rule as the staff pages (`permissions`); coordinators and superusers all.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from .models import Activity, Break, DateChange, Pause, Season, VisitCount, overlap_message, overlapping
from .permissions import can_edit, editable_activities, edits_all, organizations_of

NAME_FIELDS = ("name_fi", "name_sv", "name_en")


class PeriodFormSet(BaseInlineFormSet):
    """Breaks or pauses of one owner must not overlap: a clear message instead of double rows."""

    def clean(self):
        super().clean()
        periods = [
            (form.cleaned_data.get("starts_on"), form.cleaned_data.get("ends_on"))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        pair = overlapping(periods)
        if pair:
            raise ValidationError(overlap_message(pair))


class BreakInline(admin.TabularInline):
    model = Break
    extra = 0
    formset = PeriodFormSet


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "area", "valid_from", "valid_to")
    list_filter = ("area",)
    search_fields = ("slug", *NAME_FIELDS)
    inlines = [BreakInline]


class PauseInline(admin.TabularInline):
    model = Pause
    extra = 0
    formset = PeriodFormSet


class DateChangeInline(admin.TabularInline):
    model = DateChange
    extra = 0
    fields = ("date", "cancelled", "starts_at", "ends_at", "note_fi", "note_sv", "note_en")


class EditorActivityForm(forms.ModelForm):
    """The activity form of an organisation editor: one of the organisers must stay the editor's own,
    so that an editor neither creates activities for others nor gives their own away by mistake.
    Other organisers may be added beside it (activities are often organised together)."""

    editor_organizations = None  # set by ActivityAdmin.get_form

    def clean_organizers(self):
        organizers = self.cleaned_data["organizers"]
        if not set(organizers) & set(self.editor_organizations):
            raise forms.ValidationError(_("Järjestäjissä pitää olla jokin omista organisaatioistasi."))
        return organizers


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "place", "freq", "byday", "starts_at", "ends_at", "valid_from", "valid_to")
    list_filter = ("freq", "organizers", "place__area")
    search_fields = ("slug", *NAME_FIELDS)
    filter_horizontal = ("organizers", "target_groups")
    prepopulated_fields = {"slug": ("name_fi",)}
    inlines = [PauseInline, DateChangeInline]
    fieldsets = (
        (None, {"fields": ("slug", *NAME_FIELDS, "description_fi", "description_sv", "description_en")}),
        (
            _("Kuka ja missä"),
            {
                "fields": (
                    "organizers",
                    "place",
                    "place_note",
                    "place_note_sv",
                    "place_note_en",
                    "area",
                    "target_groups",
                )
            },
        ),
        (_("Milloin"), {"fields": ("freq", "interval", "byday", "bysetpos", "starts_at", "ends_at")}),
        (_("Voimassa"), {"fields": ("valid_from", "valid_to", "skip_public_holidays")}),
        (_("Osallistuminen"), {"fields": ("free", "registration", "attendance_limit", "age_min", "age_max")}),
    )

    def get_queryset(self, request):
        activities = super().get_queryset(request)
        if edits_all(request.user):
            return activities
        return activities.filter(pk__in=editable_activities(request.user).values("pk"))

    def get_form(self, request, obj=None, **kwargs):
        if edits_all(request.user):
            return super().get_form(request, obj, **kwargs)
        form = super().get_form(request, obj, form=EditorActivityForm, **kwargs)
        form.editor_organizations = list(organizations_of(request.user))
        return form

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or can_edit(request.user, obj))


@admin.register(VisitCount)
class VisitCountAdmin(admin.ModelAdmin):
    list_display = ("activity", "date", "adults", "children", "recorded_by")
    list_filter = ("activity",)
    date_hierarchy = "date"
    raw_id_fields = ("activity",)
    readonly_fields = ("recorded_by",)

    def get_queryset(self, request):
        counts = super().get_queryset(request)
        if edits_all(request.user):
            return counts
        return counts.filter(activity__in=editable_activities(request.user).values("pk"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "activity":
            kwargs["queryset"] = editable_activities(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or can_edit(request.user, obj.activity))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or can_edit(request.user, obj.activity))

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
