"""The admin of Pyydä apua!: the coordinator edits its configuration; admins read the audit log.

Topics, age groups, teams (with their members), emergency routes and urgency terms are edited
here. The audit log is read-only for everyone, superusers included: it is written by `audit.record`
alone and deleted by the retention purge alone. Requests, their messages and transfers are not in
the admin at all: their content is read in the inbox, by the team's members, with every read
logged.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from perhekeskus.directory.models import Area

from .models import AuditEvent, ChildAgeGroup, Team, Topic, UrgencyTerm

NAME_FIELDS = ("name_fi", "name_sv", "name_en")
AUDIT_PERMISSION = "help_requests.view_audit_log"
MEMBERSHIP_PERMISSION = "auth.change_user"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "slug", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("slug", *NAME_FIELDS)
    prepopulated_fields = {"slug": ("name_fi",)}


@admin.register(ChildAgeGroup)
class ChildAgeGroupAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "slug", "order")
    list_editable = ("order",)
    search_fields = ("slug", *NAME_FIELDS)
    prepopulated_fields = {"slug": ("name_fi",)}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "slug", "is_default", "municipality_names", "member_count", "order")
    list_filter = ("is_default", "municipalities")
    search_fields = ("slug", *NAME_FIELDS)
    prepopulated_fields = {"slug": ("name_fi",)}
    filter_horizontal = ("municipalities", "topics", "members")
    fieldsets = (
        (None, {"fields": ("slug", *NAME_FIELDS, "order")}),
        (
            _("Mitkä pyynnöt tiimi saa"),
            {
                "fields": ("municipalities", "topics", "is_default"),
                "description": _(
                    "Pyyntö menee ensin kunnan tiimille, jonka aiheisiin se kuuluu, sitten kunnan "
                    "oletustiimille. Oletustiimi, jolla ei ole kuntia, saa kaikki muut pyynnöt, myös ne, "
                    "joiden kuntaa ei kerrottu."
                ),
            },
        ),
        (_("Jäsenet ja ilmoitukset"), {"fields": ("members", "notify_email")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("municipalities", "members")

    def get_readonly_fields(self, request, obj=None):
        # Membership is access to requests' content: only those who manage user accounts (admins)
        # grant it, so that a coordinator cannot make themselves a reader. The admin's own history
        # (LogEntry) records who changed the members and when.
        if request.user.has_perm(MEMBERSHIP_PERMISSION):
            return ()
        return ("members",)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "municipalities":
            kwargs["queryset"] = Area.objects.filter(kind=Area.Kind.MUNICIPALITY)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("kunnat"))
    def municipality_names(self, team):
        return ", ".join(area.name_fi for area in team.municipalities.all()) or _("kaikki muut")

    @admin.display(description=_("jäseniä"))
    def member_count(self, team):
        return len(team.members.all())


@admin.register(UrgencyTerm)
class UrgencyTermAdmin(admin.ModelAdmin):
    list_display = ("term", "language")
    list_filter = ("language",)
    search_fields = ("term",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone; visible with the audit-log permission (admins)."""

    change_list_template = "help_requests/staff/admin_audit_change_list.html"
    list_display = ("at", "actor_name", "action", "request_ref")
    list_filter = ("action", "at")
    search_fields = ("=request_ref",)
    date_hierarchy = "at"
    fields = ("at", "actor_name", "action", "request_ref", "details")
    readonly_fields = fields
    actions = None

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(AUDIT_PERMISSION)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
