"""A place's address as one line and its map link: the one way every page writes them."""

from urllib.parse import quote

OSM = "https://www.openstreetmap.org"


def address_line(location, lang: str | None = None) -> str:
    """ "Nahkurinkatu 17, 94100 Kemi": the street, then the postal code and the town; each part only
    where the data has it, so no stray comma when there is no street ("94100 Kemi", or "Kemi")."""
    town = location.municipality.t("name", lang) if location.municipality_id and location.municipality else ""
    locality = " ".join(part for part in (location.postal_code, town) if part)
    return ", ".join(part for part in (location.address, locality) if part)


def map_link(location) -> str:
    """An OpenStreetMap link: a pin at the coordinates where the data has them, else a search for
    the street address (in Finnish, as the map knows it); "" for a place with no street at all,
    since a search for a town alone would point at the wrong spot."""
    if location.latitude is not None and location.longitude is not None:
        lat, lon = location.latitude, location.longitude
        return f"{OSM}/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
    if location.address:
        return f"{OSM}/search?query={quote(address_line(location, 'fi'))}"
    return ""
