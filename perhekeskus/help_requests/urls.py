"""Pyydä apua!: the public form and pickup, the workers' inbox, statistics and the audit log."""

from . import urls_inbox, urls_public, urls_staff

app_name = "help_requests"
urlpatterns = urls_public.urlpatterns + urls_inbox.urlpatterns + urls_staff.urlpatterns
