"""Who must sign in with a second factor: everyone who can read sensitive data.

The rule has two halves. The admin site is behind it for everyone who may enter it (`is_staff`,
superusers): whoever changes users and teams there can give themselves any access. Beyond the
admin, each app says which of its roles read sensitive data, in a module `sensitive.py` of its
own with a function `reads_sensitive_data(user) -> bool` (help_requests: the members of a team;
directory: the coordinators, who will read joint-meeting bookings and survey answers). The
accounts app imports no app: it reads those declarations from the installed apps, the way the
search reads `searchable.py`, so a later app adds its readers without touching this module.
"""

from collections.abc import Callable
from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

DECLARATION = "sensitive"


@cache
def readers() -> tuple[Callable, ...]:
    """Every installed app's `reads_sensitive_data`, this app's own excepted (it is the rule)."""
    found = []
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, DECLARATION):
            continue
        found.append(import_module(f"{config.name}.{DECLARATION}").reads_sensitive_data)
    return tuple(found)


def needs_second_factor(user) -> bool:
    """Whether `user` may be signed in only with a verified second factor."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return any(reads(user) for reads in readers())
