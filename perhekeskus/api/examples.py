"""Examples of the API's answers and requests for its OpenAPI schema, in the demo data's words.

Every example is checked against the schema it illustrates (api/tests/test_schema_examples.py),
and the request examples (slugs, filters, the help request) name records of the demo data, so
that they are answered with 200 or 201 there: schemathesis sends them first.
"""

from drf_spectacular.utils import OpenApiExample


def response_example(name: str, value: dict) -> OpenApiExample:
    """A 200 answer; a list's is wrapped in its page (count, next, previous, results)."""
    return OpenApiExample(name, value=value, response_only=True, status_codes=["200"])


def _ref(slug: str, name: str) -> dict:
    return {"slug": slug, "name": name}


KEMI = _ref("kemi", "Kemi")
WEEKDAYS_9_TO_15 = {
    "freq": "WEEKLY",
    "byday": "MO,TU,WE,TH,FR",
    "opens_at": "09:00",
    "closes_at": "15:00",
    "valid_from": None,
    "valid_to": None,
    "open_on_holidays": False,
    "description": "",
}
CLOSED_NOW = {"open_now": False, "closes_at": None, "next_opens": "2024-03-11T09:00:00+02:00"}
UNKNOWN_HOURS = {"open_now": None, "closes_at": None, "next_opens": None}

PHONE_CHANNEL = {
    "kind": "phone",
    "label": "Palveluohjaus",
    "value": "040 123 4567",
    "href": "tel:0401234567",
    "schedules": [WEEKDAYS_9_TO_15],
    **CLOSED_NOW,
}
SERVICE = {
    "slug": "lastenneuvola",
    "name": "Lastenneuvola",
    "description": "Lastenneuvolan palvelut; tarvittaessa kotikäynti, perhevalmennus.",
    "description_plain": None,
    "organization": _ref("kemin-kaupunki", "Kemin kaupunki"),
    "partners": [],
    "kind": "office_service",
    "status": "active",
    "target_groups": [_ref("babies", "Vauvaperheet"), _ref("parents", "Vanhemmat")],
    "age_min": 0,
    "age_max": 6,
    "delivery": [_ref("office", "Toimipisteessä"), _ref("home", "Kotona")],
    "path_stage": _ref("professional", "Ammattilaisten apu"),
    "tasks": [],
    "languages": [_ref("fi", "suomi")],
    "free": True,
    "anonymous": False,
    "identification_required": None,
    "response_promise": "",
    "locations": [
        {"slug": "jukola", "name": "Jukola", "address": "Nahkurinkatu 17", "postal_code": "94100", "municipality": KEMI}
    ],
    "channels": [PHONE_CHANNEL],
    "phones": [{"number": "040 123 4567", "description": "Palveluohjaus"}],
    "schedules": [WEEKDAYS_9_TO_15],
    "url": "https://perhekeskus.example.fi/services/lastenneuvola/",
    "assured_date": "2024-03-05",
    "updated_at": "2024-03-05T12:00:00+02:00",
    **CLOSED_NOW,
}
LOCATION = {
    "slug": "jukola",
    "name": "Jukola (Kemin perhekeskuksen kohtaamispaikka)",
    "description": "Kemin perhekeskuksen kohtaamispaikka.",
    "address": "Nahkurinkatu 17",
    "postal_code": "94100",
    "municipality": KEMI,
    "area": _ref("kemin-perhekeskus", "Kemin perhekeskus"),
    "organization": None,
    "meeting_place": True,
    "accessibility": "",
    "latitude": 65.7364,
    "longitude": 24.5637,
    "schedules": [WEEKDAYS_9_TO_15],
    "url": "https://perhekeskus.example.fi/places/jukola/",
    **CLOSED_NOW,
}
SERVICE_DETAIL = {
    **SERVICE,
    "locations": [LOCATION],
    "keywords": ["neuvola", "terveydenhoitaja", "rokotus"],
    "contact": {"source": "own", "locations": [], "organizations": [], "guidance": [], "links": []},
}
LOCATION_DETAIL = {**LOCATION, "services": [_ref("avoimet-perhekahvilat", "Avoimet perhekahvilat")]}
ORGANIZATION = {
    "slug": "kemin-kaupunki",
    "name": "Kemin kaupunki",
    "description": "Kaupungin yksiköistä perhekeskusverkostoon kuuluvat mm. varhaiskasvatus ja nuorisotyö.",
    "kind": "municipality",
    "website": "https://www.kemi.fi",
    "network_member": True,
    "area": KEMI,
    "parent": None,
    "url": "https://perhekeskus.example.fi/organizations/kemin-kaupunki/",
}
ORGANIZATION_DETAIL = {
    **ORGANIZATION,
    "units": [_ref("kemin-nuorisotyo", "Kemin nuorisotyö")],
    "locations": [_ref("huvikumpu", "Huvikumpu, keskustan nuorisotila")],
}
ACTIVITY = {
    "slug": "lansi-kotka-vauvakerho-ma",
    "title": "Vauvakerho",
    "description": "",
    "organizers": [_ref("kotka-kymin-seurakunta", "Kotka-Kymin seurakunta")],
    "place": "langinkosken-kirkko",
    "place_note": "",
    "area": _ref("lansi-kotka", "Länsi-Kotkan perhekeskusalue"),
    "target_groups": [_ref("babies", "Vauvaperheet")],
    "age_min": None,
    "age_max": None,
    "free": True,
    "registration": None,
    "attendance_limit": None,
    "rule": {"freq": "WEEKLY", "interval": 1, "byday": ["MO"], "bysetpos": None, "skip_public_holidays": True},
    "starts_at": "12:30",
    "ends_at": "15:00",
    "valid_from": "2022-01-10",
    "valid_to": "2022-03-31",
    "dates_known": True,
    "url": "https://perhekeskus.example.fi/activities/lansi-kotka-vauvakerho-ma/",
    "updated_at": "2024-03-05T12:00:00+02:00",
}
ACTIVITY_DETAIL = {**ACTIVITY, "pauses": [{"starts_on": "2022-02-28", "ends_on": "2022-03-04", "reason": "talviloma"}]}
OCCURRENCE = {
    "activity": "lansi-kotka-vauvakerho-ma",
    "title": "Vauvakerho",
    "date": "2022-02-14",
    "start": "2022-02-14T12:30:00+02:00",
    "end": "2022-02-14T15:00:00+02:00",
    "place": "langinkosken-kirkko",
    "place_note": "",
    "organizers": ["kotka-kymin-seurakunta"],
    "cancelled": False,
    "cancel_reason": None,
    "note": "",
    "moved": False,
}
PATHWAY = {
    "slug": "perheiden-palvelupolku-2023",
    "audience": "families",
    "title": "Perheiden palvelupolku 2023",
    "url": "https://perhekeskus.example.fi/paths/perheiden-palvelupolku-2023/",
    "short_url": "https://perhekeskus.example.fi/p/pp-2023/",
}
PHONE_LINE = {
    "number": "040 123 4567",
    "tel": "tel:0401234567",
    "hours": [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00", "closes": "15:00"}],
    "open_now": False,
    "next_opens": "2024-03-11T09:00:00+02:00",
}
PATHWAY_DETAIL = {
    **PATHWAY,
    "start": None,
    "stages": [
        {
            "id": "itsehoito",
            "order": 1,
            "level": 1,
            "path_stage": "self_help",
            "title": "Itsehoito ja oma-apu",
            "text": "Tietoa ja tukea verkossa.",
            "items": ["hyvakysymys.fi"],
            "outcome": "",
            "phones": [PHONE_LINE],
            "services": [
                {
                    "slug": "lastenneuvola",
                    "name": "Lastenneuvola",
                    "status": "active",
                    "open_now": False,
                    "phones": [PHONE_LINE],
                }
            ],
        }
    ],
    "steps": [],
}

HELP_REQUEST = {
    "text": "Vauva valvoo öisin, ja olen tosi väsynyt. Mistä saisin apua?",
    "topic": "vanhemmuus-ja-arki",
    "age_group": "alle-1-v",
    "municipality": "kemi",
    "contact_method": "anonymous",
    "form_token": "3f1c2a9e-7b4d-4e8a-9c1f-2d6b8a0e5f7c",
    "lang": "fi",
}
RECEIPT = {
    "received": True,
    "due_at": "2024-03-12T16:00:00+02:00",
    "pickup_code": "K7QM-3XPA-9FRT-WH2C-8NVE",
    "urgent": False,
    "emergency_numbers": [
        {"name": "Sosiaali- ja kriisipäivystys", "number": "0400 291 141", "tel": "tel:0400291141", "areas": []},
        {"name": "Hätänumero 112", "number": "112", "tel": "tel:112", "areas": []},
    ],
    "new": True,
}

SERVICES = [response_example("service", SERVICE)]
SERVICE_DETAILS = [response_example("service", SERVICE_DETAIL)]
ORGANIZATIONS = [response_example("organization", ORGANIZATION)]
ORGANIZATION_DETAILS = [response_example("organization", ORGANIZATION_DETAIL)]
LOCATIONS = [response_example("place", LOCATION)]
LOCATION_DETAILS = [response_example("place", LOCATION_DETAIL)]
ACTIVITIES = [response_example("activity", ACTIVITY)]
ACTIVITY_DETAILS = [response_example("activity", ACTIVITY_DETAIL)]
OCCURRENCES = [response_example("occurrence", OCCURRENCE)]
PATHWAYS = [response_example("path", PATHWAY)]
PATHWAY_DETAILS = [response_example("path", PATHWAY_DETAIL)]
