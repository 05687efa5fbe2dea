"""The coordinator's editing view of the directory (Django admin, staff only)."""

from django.contrib import admin
from django.db import models as db_models
from django.utils.translation import gettext_lazy as _

from . import models

TEXT_FIELDS = ("name_fi", "name_sv", "name_en")
DESCRIPTION_FIELDS = ("description_fi", "description_sv", "description_en")

admin.site.site_header = _("Perhekeskus – ylläpito")
admin.site.site_title = _("Perhekeskus")
admin.site.index_title = _("Palveluhakemiston ylläpito")


class ScheduleInline(admin.TabularInline):
    model = models.Schedule
    fields = ("weekdays", "opens_at", "closes_at", "valid_from", "valid_to", "open_on_holidays", "note_fi")
    extra = 0


class ScheduleExceptionInline(admin.TabularInline):
    model = models.ScheduleException
    fields = ("starts_on", "ends_on", "closed", "opens_at", "closes_at", "reason_fi")
    extra = 0


class ChannelInline(admin.StackedInline):
    model = models.Channel
    fields = (("kind", "order"), "label", "value")
    extra = 0
    show_change_link = True  # a channel's own hours are edited on its page


class ServiceAtLocationInline(admin.TabularInline):
    model = models.ServiceAtLocation
    autocomplete_fields = ("location",)
    extra = 0
    verbose_name = _("paikka")
    verbose_name_plural = _("paikat")


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "organization", "kind", "status", "path_stage", "updated_at")
    list_filter = (
        "status",
        "kind",
        "path_stage",
        "target_groups",
        "delivery_modes",
        "free",
        "anonymous",
        "organization__kind",
    )
    search_fields = ("slug", "name_fi", "name_sv", "name_en", "keywords_fi", "description_fi", "organization__name_fi")
    prepopulated_fields = {"slug": ("name_fi",)}
    autocomplete_fields = ("organization", "partners")
    filter_horizontal = ("target_groups", "delivery_modes", "tasks", "languages")
    inlines = (ChannelInline, ScheduleInline, ScheduleExceptionInline, ServiceAtLocationInline)
    list_select_related = ("organization", "path_stage")
    fieldsets = (
        (None, {"fields": ("slug", "status", "kind", "organization", "partners")}),
        (_("Nimi ja kuvaus"), {"fields": (*TEXT_FIELDS, *DESCRIPTION_FIELDS, "description_fi_plain")}),
        (
            _("Kenelle ja miten"),
            {"fields": ("target_groups", ("age_min", "age_max"), "delivery_modes", "path_stage", "tasks", "languages")},
        ),
        (_("Ehdot"), {"fields": ("free", "anonymous", "identification_required", "response_promise")}),
        (_("Hakusanat"), {"fields": ("keywords_fi", "keywords_sv", "keywords_en")}),
        (_("Lähde ja huomiot"), {"classes": ("collapse",), "fields": ("note", "source", "assured_date")}),
    )


@admin.register(models.Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("__str__", "service", "kind")
    list_filter = ("kind",)
    search_fields = ("label", "value", "service__name_fi")
    autocomplete_fields = ("service",)
    inlines = (ScheduleInline, ScheduleExceptionInline)


@admin.register(models.Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}
    list_display = ("name_fi", "kind", "area", "network_member")
    list_filter = ("kind", "network_member", "area")
    search_fields = ("slug", "name_fi", "name_sv", "name_en", "description_fi")
    prepopulated_fields = {"slug": ("name_fi",)}
    autocomplete_fields = ("area", "parent")


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "address", "municipality", "meeting_place", "organization")
    list_filter = ("meeting_place", "municipality")
    search_fields = ("slug", "name_fi", "address")
    prepopulated_fields = {"slug": ("name_fi",)}
    autocomplete_fields = ("organization", "area", "municipality")
    inlines = (ScheduleInline, ScheduleExceptionInline)


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("slug", "name_fi")
    autocomplete_fields = ("parent",)
    filter_horizontal = ("municipalities",)


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "slug", "order")
    list_editable = ("order",)
    search_fields = ("slug", "name_fi", "name_sv", "name_en")


@admin.register(models.TargetGroup)
class TargetGroupAdmin(VocabularyAdmin):
    list_display = ("name_fi", "slug", "age_min", "age_max", "order")


for vocabulary in (models.PathStage, models.DeliveryMode, models.Language, models.Task):
    admin.site.register(vocabulary, VocabularyAdmin)


@admin.register(models.ClosedDay)
class ClosedDayAdmin(admin.ModelAdmin):
    list_display = ("date", "area", "reason_fi")
    list_filter = ("area",)
    date_hierarchy = "date"


@admin.register(models.EmergencyRoute)
class EmergencyRouteAdmin(admin.ModelAdmin):
    list_display = ("service", "area", "order")
    list_editable = ("order",)
    list_filter = ("area",)
    autocomplete_fields = ("service", "area")
    list_select_related = ("service", "area")


@admin.register(models.ContactGuidance)
class ContactGuidanceAdmin(admin.ModelAdmin):
    """The general guidance a service page shows when nothing else reaches anyone (contact.py)."""

    list_display = ("name_fi", "service", "link", "area", "order")
    list_editable = ("order",)
    list_filter = ("area",)
    autocomplete_fields = ("service", "area")
    list_select_related = ("service", "area")
