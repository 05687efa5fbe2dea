"""The address a request comes from, as the sign-in's lockout counts it.

Behind a trusted proxy (TRUST_X_FORWARDED_FOR) it is the last X-Forwarded-For entry, the one the
proxy itself appended; else REMOTE_ADDR. An IPv6 address counts as its /64 (one home or office
holds a whole /64 and could otherwise step past the limit), written as the network's first
address so that django-axes can store it. Anything that is not an address is None, never a value
the database would refuse.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The raw client address (see the module's docstring), unchecked."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.TRUST_X_FORWARDED_FOR else ""
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_address(request) -> str | None:
    """The client's address for counting: IPv4 as it is, IPv6 as its /64; None if unreadable."""
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)
