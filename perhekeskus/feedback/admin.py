"""The law pages' texts in the admin, for the coordinator. Feedback messages are not here: they
are read and handled on the coordinator's own list (/palaute/saapuneet/)."""

from django.contrib import admin

from .models import TrustSection


@admin.register(TrustSection)
class TrustSectionAdmin(admin.ModelAdmin):
    list_display = ("heading_fi", "page", "order")
    list_filter = ("page",)
    ordering = ("page", "order")
    fields = (
        "page",
        "slug",
        "order",
        "heading_fi",
        "body_fi",
        "heading_sv",
        "body_sv",
        "heading_en",
        "body_en",
    )
