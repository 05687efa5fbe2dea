from django.contrib import admin

from .models import MissedQuery, SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(admin.ModelAdmin):
    list_display = ("terms", "note")
    search_fields = ("terms",)


@admin.register(MissedQuery)
class MissedQueryAdmin(admin.ModelAdmin):
    """What people looked for and did not find; read-only, counted by the search page."""

    list_display = ("query", "count", "first_seen", "last_seen")
    search_fields = ("query",)
    readonly_fields = ("query", "count", "first_seen", "last_seen")

    def has_add_permission(self, request):
        return False
