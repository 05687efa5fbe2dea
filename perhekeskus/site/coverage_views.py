"""The staff's coverage report (kattavuusraportti): what the directory's data still lacks, for the
coordinator and admins. The sections come from directory/contact.py; a later gap is one more
section there and one more block in the template."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from perhekeskus.directory import contact
from perhekeskus.directory.roles import coordinates


@never_cache
@require_safe
@login_required
def coverage(request):
    if not coordinates(request.user):
        raise PermissionDenied
    return render(request, "site/coverage.html", {"sections": contact.coverage()})
