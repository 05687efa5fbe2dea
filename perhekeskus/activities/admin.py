"""The calendar in the admin: seasons with their breaks, activities with their pauses and dates.

Validation is the models' own (`clean`): an end before a start, a season of 50 years, a weekly
rule without weekdays are messages on the form, never a 500."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Activity, Break, DateChange, Pause, Season, VisitCount

NAME_FIELDS = ("name_fi", "name_sv", "name_en")


class BreakInline(admin.TabularInline):
    model = Break
    extra = 0


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "area", "valid_from", "valid_to")
    list_filter = ("area",)
    search_fields = ("slug", *NAME_FIELDS)
    inlines = [BreakInline]


class PauseInline(admin.TabularInline):
    model = Pause
    extra = 0


class DateChangeInline(admin.TabularInline):
    model = DateChange
    extra = 0
    fields = ("date", "cancelled", "starts_at", "ends_at", "note_fi", "note_sv", "note_en")


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
        (_("Kuka ja missä"), {"fields": ("organizers", "place", "place_note", "area", "target_groups")}),
        (_("Milloin"), {"fields": ("freq", "interval", "byday", "bysetpos", "starts_at", "ends_at")}),
        (_("Voimassa"), {"fields": ("valid_from", "valid_to", "skip_public_holidays")}),
        (_("Osallistuminen"), {"fields": ("free", "registration", "attendance_limit", "age_min", "age_max")}),
    )


@admin.register(VisitCount)
class VisitCountAdmin(admin.ModelAdmin):
    list_display = ("activity", "date", "adults", "children", "recorded_by")
    list_filter = ("activity",)
    date_hierarchy = "date"
    raw_id_fields = ("activity",)
    readonly_fields = ("recorded_by",)

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
