"""Template context every public page needs: the header's "Pyydä apua!" button."""

from django.conf import settings

from .models import Service


def site(request):
    """The service the "Pyydä apua!" button leads to, named by slug in settings (or None)."""
    slug = getattr(settings, "HELP_SERVICE_SLUG", "pyyda-apua")
    help_service = Service.objects.public().filter(slug=slug).only("slug").first()
    return {"help_service": help_service}
