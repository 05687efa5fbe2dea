"""Keeping the search index and the content version in step with the directory.

A saved service is re-indexed in the same transaction as the change; a saved organisation
re-indexes its services (its name is indexed with them). Any other change to the directory, to
what an app declares searchable (registry.py) or to the thesaurus raises the content version, so
cached search responses and vocabularies are not served after it. Bulk writes that send no
signals (`bench/generate_directory.py`) rebuild the index themselves.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import index, registry

WATCHED_APPS = ("directory",)


def service_saved(sender, instance, **kwargs):
    index.index_services([instance.pk])


def organization_saved(sender, instance, **kwargs):
    Service = apps.get_model("directory", "Service")
    index.index_services(Service.objects.filter(organization=instance).values_list("pk", flat=True))


def content_changed(sender, **kwargs):
    index.bump_version()


def connect() -> None:
    Service = apps.get_model("directory", "Service")
    Organization = apps.get_model("directory", "Organization")
    post_save.connect(service_saved, sender=Service, dispatch_uid="search-service-saved")
    post_save.connect(organization_saved, sender=Organization, dispatch_uid="search-organization-saved")
    watched = [m for name in WATCHED_APPS for m in apps.get_app_config(name).get_models()]
    watched.append(apps.get_model("search", "SynonymGroup"))
    # What the apps declare for the search to find (names.py), without importing them.
    watched += [model for model in registry.watched_models() if model not in watched]
    for model in watched:
        uid = f"search-content-{model._meta.label_lower}"
        if model not in (Service, Organization):
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")
