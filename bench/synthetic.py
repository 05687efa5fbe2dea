"""A synthetic national directory for scale tests: `bench/generate_directory.py` (issue 7, point 4).

`generate(services=N, seed=S)` writes 21 wellbeing regions, 291 municipalities (as many as the
regions of mainland Finland have; Helsinki, which belongs to no region, is left out), family-centre
areas, organisations (the wellbeing region, each municipality, its parish and a few associations),
places with addresses and opening hours, and N services with channels and hours.

The services are made from the demo data's own vocabulary, read from data/kemi.yaml and
data/kymenlaakso.yaml: each generated service takes a demo service as its template (its kind,
target groups, delivery modes, path stage, tasks and keywords) and is named after it and its
municipality ("Lastenneuvola – Koivujärvi", "Haapamäen perhekerho") or after a compound of the
template's own keywords and name. Descriptions reuse the template's sentences that name no
place of the demo data, and add sentences about the provider, the area and the topics. A share of
services gets Swedish and English names and descriptions. Municipality and district names are
Finnish-like compounds ("Koivujärvi", Swedish "Björkträsk"), not real places, so that they never
collide with the demo data in search; websites use the reserved .example domain.

Deterministic by seed: everything is drawn from one `random.Random(seed)` in a fixed order, so the
same seed writes the same rows (slugs, names, texts, links, hours, `updated_at`) and another seed
writes others; only primary keys depend on the database. Every generated slug starts with "gen-",
which no slug of the data files does; a second run refuses while generated rows exist, unless
asked to replace them (`replace=True` deletes them first, in the same transaction).

Everything is written with bulk_create in batches inside one transaction, so no save signals
are sent: the search index is rebuilt at the end, in the same transaction. --replace deletes
through the ORM, so deletions cascade as usual.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from perhekeskus.directory.models import (
    Area,
    Channel,
    DeliveryMode,
    Language,
    Location,
    Organization,
    PathStage,
    Schedule,
    Service,
    ServiceAtLocation,
    TargetGroup,
    Task,
)
from perhekeskus.search import index as search_index

PREFIX = "gen-"
MIN_SERVICES, MAX_SERVICES = 1, 200_000
TEMPLATE_FILES = ("kemi.yaml", "kymenlaakso.yaml")
# Files whose place and organisation names generated texts must not repeat.
NAME_FILES = (*TEMPLATE_FILES, "kotka_lansi.yaml")
BATCH_SIZE = 1000  # rows per INSERT (Django lowers it where the backend needs)
CHUNK = 5000  # services planned and written at a time
UPDATED_BASE = dt.datetime(2025, 6, 2, 8, 0, tzinfo=dt.UTC)  # updated_at of generated services: before this
UPDATED_BUCKETS = 48  # ... by one of so many two-week steps

# The wellbeing regions: the genitive stem of the Finnish name ("Lapin" hyvinvointialue), of the
# Swedish one ("Lapplands" välfärdsområde), the English name, telephone area code, first two digits
# of postal codes, rough centre, number of municipalities and the share of them with a Swedish name.
REGIONS = (
    ("Itä-Uudenmaan", "Östra Nylands", "East Uusimaa", "019", "07", 60.4, 25.8, 7, 0.6),
    ("Keski-Uudenmaan", "Mellersta Nylands", "Central Uusimaa", "09", "04", 60.5, 24.9, 6, 0.15),
    ("Länsi-Uudenmaan", "Västra Nylands", "West Uusimaa", "019", "02", 60.2, 24.0, 9, 0.6),
    ("Vantaan ja Keravan", "Vanda och Kervo", "Vantaa and Kerava", "09", "01", 60.3, 25.05, 2, 0.5),
    ("Varsinais-Suomen", "Egentliga Finlands", "Southwest Finland", "02", "21", 60.6, 22.4, 27, 0.2),
    ("Satakunnan", "Satakunta", "Satakunta", "02", "28", 61.5, 22.0, 16, 0.0),
    ("Kanta-Hämeen", "Egentliga Tavastlands", "Kanta-Häme", "03", "13", 60.9, 24.4, 11, 0.0),
    ("Pirkanmaan", "Birkalands", "Pirkanmaa", "03", "33", 61.6, 23.8, 23, 0.0),
    ("Päijät-Hämeen", "Päijänne-Tavastlands", "Päijät-Häme", "03", "15", 61.1, 25.7, 10, 0.0),
    ("Kymenlaakson", "Kymmenedalens", "Kymenlaakso", "05", "45", 60.7, 26.8, 6, 0.0),
    ("Etelä-Karjalan", "Södra Karelens", "South Karelia", "05", "53", 61.1, 28.2, 9, 0.0),
    ("Etelä-Savon", "Södra Savolax", "South Savo", "015", "50", 61.8, 27.3, 12, 0.0),
    ("Pohjois-Savon", "Norra Savolax", "North Savo", "017", "70", 63.0, 27.5, 19, 0.0),
    ("Pohjois-Karjalan", "Norra Karelens", "North Karelia", "013", "80", 62.7, 29.9, 13, 0.0),
    ("Keski-Suomen", "Mellersta Finlands", "Central Finland", "014", "40", 62.4, 25.7, 22, 0.0),
    ("Etelä-Pohjanmaan", "Södra Österbottens", "South Ostrobothnia", "06", "60", 62.8, 22.9, 18, 0.0),
    ("Pohjanmaan", "Österbottens", "Ostrobothnia", "06", "65", 63.0, 21.8, 14, 0.8),
    ("Keski-Pohjanmaan", "Mellersta Österbottens", "Central Ostrobothnia", "06", "67", 63.8, 23.6, 8, 0.15),
    ("Pohjois-Pohjanmaan", "Norra Österbottens", "North Ostrobothnia", "08", "90", 65.0, 25.9, 30, 0.0),
    ("Kainuun", "Kajanalands", "Kainuu", "08", "87", 64.3, 28.0, 8, 0.0),
    ("Lapin", "Lapplands", "Lapland", "016", "96", 67.3, 25.9, 21, 0.0),
)

# Parts of Finnish-like place names: (Finnish, Swedish) first parts and (nominative, genitive,
# Swedish) last parts: "Koivu" + "järvi" = Koivujärvi, genitive Koivujärven, Swedish Björkträsk.
NAME_HEADS = (
    ("Koivu", "Björk"), ("Haapa", "Asp"), ("Kuusi", "Gran"), ("Mänty", "Tall"), ("Pihlaja", "Rönn"),
    ("Leppä", "Al"), ("Kivi", "Sten"), ("Hiekka", "Sand"), ("Kallio", "Berg"), ("Sammal", "Mos"),
    ("Pelto", "Åker"), ("Niitty", "Äng"), ("Kataja", "En"), ("Tammi", "Ek"), ("Vaahtera", "Lönn"),
    ("Karhu", "Björn"), ("Joutsen", "Svan"), ("Hirvi", "Älg"), ("Kettu", "Räv"), ("Susi", "Varg"),
    ("Ilves", "Lo"), ("Lohi", "Lax"), ("Hauki", "Gädd"), ("Lumi", "Snö"), ("Kuu", "Mån"),
    ("Tuuli", "Vind"), ("Aalto", "Våg"), ("Mylly", "Kvarn"), ("Vanha", "Gamla"), ("Uusi", "Ny"),
    ("Iso", "Stor"), ("Pikku", "Lill"), ("Ylä", "Över"), ("Ala", "Neder"), ("Itä", "Öster"),
    ("Länsi", "Väster"), ("Pohjois", "Norr"), ("Etelä", "Söder"), ("Kulta", "Guld"), ("Hopea", "Silver"),
)  # fmt: skip
NAME_TAILS = (
    ("järvi", "järven", "träsk"), ("lahti", "lahden", "vik"), ("koski", "kosken", "fors"),
    ("mäki", "mäen", "backa"), ("niemi", "niemen", "näs"), ("salo", "salon", "holm"),
    ("vaara", "vaaran", "berg"), ("joki", "joen", "å"), ("harju", "harjun", "ås"),
    ("lampi", "lammen", "tjärn"), ("virta", "virran", "ström"), ("saari", "saaren", "ö"),
    ("kylä", "kylän", "by"), ("kangas", "kankaan", "mo"), ("ranta", "rannan", "strand"),
    ("linna", "linnan", "borg"), ("vuori", "vuoren", "berga"), ("puro", "puron", "bäck"),
)  # fmt: skip
DISTRICT_TAILS = (
    ("mäki", "mäen"), ("rinne", "rinteen"), ("niemi", "niemen"), ("kangas", "kankaan"), ("puisto", "puiston"),
    ("harju", "harjun"), ("metsä", "metsän"), ("laakso", "laakson"), ("kallio", "kallion"), ("pelto", "pellon"),
)  # fmt: skip
STREET_TAILS = ("katu", "tie", "kuja", "polku", "raitti", "väylä")
AREA_DIRECTIONS = (("pohjoinen", "norra"), ("eteläinen", "södra"), ("itäinen", "östra"), ("läntinen", "västra"))

# Associations of a municipality ({g}: the municipality in the genitive).
NGOS = (
    "{g} Perheyhdistys ry",
    "{g} Setlementti ry",
    "{g} Nuorisoseura ry",
    "{g} Lapsiperheiden tuki ry",
    "{g} Vertaistukiyhdistys ry",
    "{g} 4H-yhdistys ry",
)

# Places of a municipality: key, name ({g}: municipality, {d}: district, both in the genitive),
# meeting place, who runs it ("region", "municipality", "parish", "ngo"), per municipality or district.
PLACE_KINDS = (
    ("neuvola", "{d} neuvola", False, "region", "district"),
    ("terveysasema", "{g} terveysasema", False, "region", "municipality"),
    ("sosiaalitoimisto", "{g} sosiaalitoimisto", False, "region", "municipality"),
    ("perhekeskus", "{g} perhekeskus", True, "region", "municipality"),
    ("kirjasto", "{g} kirjasto", True, "municipality", "municipality"),
    ("seurakuntakeskus", "{g} seurakuntakeskus", True, "parish", "municipality"),
    ("koulu", "{d} koulu", False, "municipality", "district"),
    ("paivakoti", "{d} päiväkoti", False, "municipality", "district"),
    ("nuorisotila", "{d} nuorisotila", True, "municipality", "district"),
    ("kohtaamispaikka", "{d} perhetupa", True, "ngo", "district"),
)
# Where a service is given: at a place whose key word its name or keywords contain, else by its kind.
PLACE_WORDS = {
    "neuvola": ("neuvola",),
    "terveysasema": ("terveydenhuolto", "lääkäri", "terapia", "kuntoutus", "psykiatri", "päihde"),
    "sosiaalitoimisto": ("sosiaali", "lastensuojelu", "palveluohjaus", "lastenvalvoja", "vammais", "pakolai"),
    "perhekeskus": ("perhekeskus", "perhevalmennus", "perhetyö", "ero"),
    "kirjasto": ("kirjasto",),
    "seurakuntakeskus": ("seurakun",),
    "koulu": ("koulu", "opiskeluhuolto", "kuraattori", "oppilas"),
    "paivakoti": ("varhaiskasvatus", "päiväkoti", "päivähoito"),
    "nuorisotila": ("nuoriso", "nuokku"),
    "kohtaamispaikka": ("kohtaamispaik", "perhekahvila", "kerho", "vertais"),
}
PLACES_FOR_KIND = {
    "office_service": ("terveysasema", "sosiaalitoimisto", "perhekeskus"),
    "meeting_place_activity": ("perhekeskus", "kohtaamispaikka", "seurakuntakeskus", "kirjasto"),
    "outreach": ("perhekeskus", "sosiaalitoimisto"),
    "method": ("perhekeskus",),
}
# How often a template of a kind is drawn, and how often its service is the region's rather
# than a municipality's.
KIND_WEIGHT = {
    "office_service": 3.0,
    "meeting_place_activity": 3.0,
    "outreach": 2.0,
    "phone_service": 1.0,
    "e_service": 0.8,
    "chat": 0.5,
    "method": 0.8,
    "network": 0.3,
    "information": 0.3,
}
REGIONAL_SHARE = {
    "e_service": 0.8,
    "chat": 0.9,
    "information": 0.8,
    "phone_service": 0.6,
    "network": 0.6,
    "method": 0.4,
}

WEEKDAYS_5 = "mo,tu,we,th,fr"
PHONE_HOURS = (
    ((WEEKDAYS_5, "09:00", "11:00"),),
    ((WEEKDAYS_5, "08:00", "16:00"),),
    ((WEEKDAYS_5, "09:00", "11:00"), (WEEKDAYS_5, "12:00", "15:00")),
    (("mo,tu,we,th", "12:00", "13:00"),),
    (("mo,we,fr", "10:00", "12:00"),),
    ((WEEKDAYS_5, "08:00", "15:00"),),
    (("tu,th", "13:00", "15:00"),),
    ((WEEKDAYS_5, "08:00", "09:00"),),
)
ALL_DAY = (("mo,tu,we,th,fr,sa,su", "00:00", "00:00"),)
MEETING_HOURS = (
    (("tu", "09:30", "11:30"),),
    (("we", "10:00", "12:00"),),
    (("mo,th", "09:00", "12:00"),),
    (("th", "17:00", "19:00"),),
    (("sa", "10:00", "13:00"),),
    (("tu,fr", "13:00", "15:30"),),
)
YOUTH_HOURS = ((("mo,tu,we,th", "15:00", "20:00"), ("fr", "16:00", "22:00")), (("tu,th", "14:00", "19:00"),))
OFFICE_HOURS = (
    ((WEEKDAYS_5, "08:00", "16:00"),),
    ((WEEKDAYS_5, "08:00", "15:30"),),
    (("mo,tu,we,th", "08:00", "16:00"), ("fr", "08:00", "14:00")),
)
PHONE_LABELS = ("Ajanvaraus ja neuvonta", "Puhelinneuvonta", "Neuvonta", "Palveluohjaus", "Yhteydenotot")

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÅ])")
WORD = re.compile(r"[^\W\d_][\w-]*")
SOURCE_WORDS = ("liite", "liittee", "luku", "uutiskirje", "käsikirja", "http", ".fi", "www", "@")
DATED = re.compile(r"\b(19|20)\d\d\b|\b\d{1,2}\.\d{1,2}\.")  # a year or a date: facts of their time


class GenerationError(Exception):
    """The directory cannot be generated as asked; nothing was written."""


@dataclass
class Template:
    """A demo service as raw material: cleaned names, reusable sentences and its attributes."""

    slug: str
    name: dict[str, str]  # cleaned; "sv"/"en" only where they name no demo place
    lowerable: bool  # "Lastenneuvola" may be written "Haapamäen lastenneuvola"
    sentences: dict[str, list[str]]
    compounds: list[str]  # compounds among its keywords that end like its name: "vauvakerho"
    keywords: dict[str, list[str]]
    kind: str
    org_kind: str
    target_groups: list[str]
    delivery: list[str]
    path_stage: str | None
    tasks: list[str]
    age: tuple[int | None, int | None]
    flags: tuple[bool | None, bool | None, bool | None]  # free, anonymous, identification_required
    places: tuple[str, ...]  # keys of PLACE_KINDS where it is given, best first
    around_the_clock: bool


@dataclass
class Summary:
    regions: int = 0
    municipalities: int = 0
    family_centre_areas: int = 0
    organizations: int = 0
    places: int = 0
    services: int = 0
    channels: int = 0
    schedules: int = 0
    links: int = 0  # rows of the many-to-many tables
    deleted: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.regions} wellbeing regions, {self.municipalities} municipalities, "
            f"{self.family_centre_areas} family-centre areas, {self.organizations} organisations, "
            f"{self.places} places, {self.services} services, {self.channels} channels, "
            f"{self.schedules} opening-hour rules, {self.links} links in {self.seconds:.1f} s"
        )


# --- The vocabulary of the demo data ---------------------------------------------------------


def read_yaml(path: Path) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader) or {}  # noqa: S506 -- a safe loader
    except OSError as exc:
        raise GenerationError(f"Cannot read {path}: {exc.strerror}.") from None


def proper_words(files: list[dict]) -> tuple[set[str], set[str]]:
    """Words of the demo data's place and organisation names, lowercased: the names of its areas
    in any case ("kemi", "kemin", "keminmaan": `places`) and every word written with a capital
    letter inside a name or sentence ("jukola", "mikseri": `names`)."""
    area_stems = set()
    texts = []
    for data in files:
        for area in data.get("areas") or []:
            for text in (area.get("name") or {}).values() if isinstance(area.get("name"), dict) else [area["name"]]:
                for word in WORD.findall(text):
                    if word[0].isupper() and word.casefold() not in {"hyvinvointialue"}:
                        area_stems.add(word if len(word) <= 4 else word[:-1])
        for section in ("areas", "organizations", "places", "services"):
            for record in data.get(section) or []:
                for key in ("name", "description"):
                    value = record.get(key)
                    texts.extend(value.values() if isinstance(value, dict) else [value or ""])
    places, names, seen = set(), set(), set()
    for text in texts:
        for sentence in SENTENCE.split(str(text)):
            words = WORD.findall(sentence)
            for position, word in enumerate(words):
                if position and word[0].isupper():
                    names.add(word.casefold())
                if word not in seen:
                    seen.add(word)
                    if any(word.startswith(stem) for stem in area_stems):
                        places.add(word.casefold())
    return places, names | places


def clean_sentences(text: str, names: set[str]) -> list[str]:
    """The sentences of a demo text that name nothing of the demo data and cite no source."""
    kept = []
    for sentence in SENTENCE.split(" ".join(str(text or "").split())):
        words = WORD.findall(sentence)
        if not words or len(sentence) > 260 or any(w in sentence.casefold() for w in SOURCE_WORDS):
            continue
        if DATED.search(sentence):
            continue
        if words[0].casefold() in names or any(w[0].isupper() or w.casefold() in names for w in words[1:]):
            continue
        if sentence[-1] in ".!?":
            kept.append(sentence)
    return kept


def clean_name(name: str, places: set[str]) -> str | None:
    """A demo service name without its demo municipality ("Kemin nuorisotyö" -> "Nuorisotyö") and
    without the local name before a comma ("Puuhapaku, liikkuva nuorisotila" -> "Liikkuva
    nuorisotila"), and without its organisation ("MLL:n lastenhoitoapu" -> "Lastenhoitoapu");
    None when it still names a demo place or a proper name, a site or a number."""
    if re.match(r"[^\s,]+, ", name):
        name = name.split(", ", 1)[1]
    words = name.split()
    if words and ":" in words[0]:  # an organisation's own service: "MLL:n lastenhoitoapu"
        words = words[1:]
    while words and words[0].casefold().strip(",") in places:
        words = words[1:]
        if words and words[0] in ("kaupungin", "kunnan"):
            words = words[1:]
    if not words:
        return None
    text = " ".join(words)
    text = re.sub(r"\s*\((pilotti|pilot)\)$", "", text)
    text = text[0].upper() + text[1:]
    words = WORD.findall(text)
    if not words or any(w.casefold() in places for w in words) or any(w[0].isupper() for w in words[1:]):
        return None
    if any(ch in text for ch in "./@") or any(ch.isdigit() for ch in text) or "sovellu" in text.casefold():
        return None
    return text


def compounds_of(words: list[str], parts: dict[str, set[str]]) -> list[str]:
    """The words that are a known first part and a known last part glued together."""
    found = []
    for word in words:
        for head, firsts in parts.items():
            if word.endswith(head) and word[: -len(head)] in firsts and word not in found:
                found.append(word)
    return found


def compound_parts(words: set[str]) -> dict[str, set[str]]:
    """Last parts of compounds with the first parts seen with them: a last part of four letters or
    more seen with at least two first parts: "neuvola" <- {"lasten", "äitiys", "ehkäisy", "perhe"}."""
    parts = {}
    for head in sorted(words):
        if len(head) < 4:
            continue
        firsts = {w[: -len(head)] for w in words if w.endswith(head) and len(w) - len(head) >= 3}
        if len(firsts) >= 2:
            parts[head] = firsts
    return parts


def name_compounds(name: str, keywords: list[str], parts: dict[str, set[str]]) -> list[str]:
    """Compounds of the keywords that end in a last part of the name: for "Seurakunnan lapsi- ja
    perhetoiminta (vauvaperhe- ja perhekerhot)" the keywords "perhekerho", "vauvakerho", "päiväkerho"."""
    name_words = [w.casefold() for w in WORD.findall(name)]
    heads = {h: firsts for h, firsts in parts.items() if any(w.endswith((h, h + "t")) for w in name_words)}
    return compounds_of([w for k in keywords for w in WORD.findall(k)], heads)


def place_keys(text: str, kind: str) -> tuple[str, ...]:
    """Where a service of this name and keywords (casefolded) and kind is given, best first."""
    if kind not in PLACES_FOR_KIND:
        return ()
    found = [key for key, words in PLACE_WORDS.items() if any(w in text for w in words)]
    return tuple(dict.fromkeys([*found, *PLACES_FOR_KIND[kind]]))


def load_templates(data_dir: Path | None = None) -> list[Template]:
    """The demo services of data/kemi.yaml and data/kymenlaakso.yaml as templates, in file order.

    Left out: national sites and apps (a name with a dot, slash or number), services whose name
    still names a demo place or a local proper name after cleaning, those not in use, and those of
    the state (the police, Kela).
    """
    data_dir = Path(data_dir or Path(settings.BASE_DIR) / "data")
    files = {name: read_yaml(data_dir / name) for name in NAME_FILES if (data_dir / name).exists()}
    missing = [name for name in TEMPLATE_FILES if name not in files]
    if missing:
        raise GenerationError(f"The demo data files {', '.join(missing)} are missing from {data_dir}.")
    places, names = proper_words(list(files.values()))
    org_kinds = {
        org["slug"]: org.get("kind") or "" for data in files.values() for org in data.get("organizations") or []
    }
    raw = [s for name in TEMPLATE_FILES for s in files[name].get("services") or []]
    # How many services use a word in their name or keywords: a word of several is a common noun.
    spread: dict[str, int] = {}
    keyword_words = set()
    for service in raw:
        own = {w.casefold() for w in WORD.findall(service["name"]["fi"])}
        for keyword in (service.get("keywords") or {}).get("fi") or []:
            keyword_words.update(w.casefold() for w in WORD.findall(str(keyword)))
            own.update(w.casefold() for w in WORD.findall(str(keyword)))
        for word in own:
            spread[word] = spread.get(word, 0) + 1
    parts = compound_parts({w for w in spread if w not in names and "-" not in w})
    templates = []
    for service in raw:
        name_fi = clean_name(service["name"]["fi"], places)
        org_kind = org_kinds.get(service.get("organization") or "", "")
        if not name_fi or service.get("status") == "not_in_use" or org_kind in ("state", "national_service"):
            continue
        # A local name among its keywords ("takajärvi") that the name still holds inflected
        # ("Takajärven nuorisotila") makes it a local service, not a template.
        name_words = [w.casefold() for w in WORD.findall(name_fi)]
        local = [k for k in (str(k).casefold() for k in (service.get("keywords") or {}).get("fi") or []) if k in names]
        if any(w.startswith(k[:-1]) and w != k for k in local if len(k) >= 5 for w in name_words):
            continue
        # Words the cleaning took out of the name ("Puuhapaku") are not keywords either.
        dropped = {w.casefold() for w in WORD.findall(service["name"]["fi"])} - {
            w.casefold() for w in WORD.findall(name_fi)
        }
        name = {"fi": name_fi}
        for lang in ("sv", "en"):
            text = (service["name"].get(lang) or "").strip()
            found = WORD.findall(text)
            if not found or any(w.casefold() in places or w.casefold() in dropped for w in found):
                continue
            if any(w[0].isupper() for w in found[1:]) or any(ch in text for ch in "./@"):
                continue
            name[lang] = text
        description = service.get("description") or {}
        keywords = {}
        for lang in ("fi", "sv", "en"):
            values = [str(k).strip() for k in (service.get("keywords") or {}).get(lang) or []]
            keywords[lang] = [
                k
                for k in values
                if k == k.lower() and "." not in k and not any(ch.isdigit() for ch in k)
                if not any(w.casefold() in names or w.casefold() in dropped for w in WORD.findall(k))
            ]
        first = WORD.findall(name_fi)[0]
        text = " ".join([name_fi, *keywords["fi"]]).casefold()
        lowerable = (
            (first.casefold() in keyword_words or spread.get(first.casefold(), 0) >= 2)
            and first.casefold() not in names
            and first[1:] == first[1:].lower()
            and "!" not in name_fi
        )
        templates.append(
            Template(
                slug=service["slug"],
                name=name,
                lowerable=lowerable,
                sentences={lang: clean_sentences(description.get(lang), names) for lang in ("fi", "sv", "en")},
                compounds=name_compounds(name_fi, keywords["fi"], parts),
                keywords=keywords,
                kind=service.get("kind") or "office_service",
                org_kind=org_kind,
                target_groups=list(service.get("target_groups") or []),
                delivery=list(service.get("delivery") or []),
                path_stage=service.get("path_stage"),
                tasks=list(service.get("tasks") or []),
                age=(service.get("age_min"), service.get("age_max")),
                flags=(service.get("free"), service.get("anonymous"), service.get("identification_required")),
                places=place_keys(text, service.get("kind") or "office_service"),
                around_the_clock="päivystys" in text,
            )
        )
    if not templates:
        raise GenerationError("The demo data files hold no service to use as a template.")
    return templates


def read_vocabulary_names(data_dir: Path | None = None) -> dict[str, dict[str, str]]:
    """Finnish names of the delivery modes ("Toimipisteessä") from data/vocabulary.yaml, by slug;
    read from the file rather than the database so that the texts depend on the seed alone."""
    data_dir = Path(data_dir or Path(settings.BASE_DIR) / "data")
    data = read_yaml(data_dir / "vocabulary.yaml") if (data_dir / "vocabulary.yaml").exists() else {}
    modes = data.get("delivery_modes") or []
    return {"delivery_modes": {item["slug"]: (item.get("name") or {}).get("fi", "") for item in modes}}


# --- Planning: what to write, drawn from the seed -----------------------------------------------


@dataclass
class Region:
    index: int
    slug: str
    fi: str
    sv: str
    en: str
    web: str
    phone: str
    postal: str
    lat: float
    lon: float
    bilingual_share: float
    municipalities: list[Municipality] = field(default_factory=list)
    org: int = 0  # index into the planned organisations


@dataclass
class Municipality:
    index: int
    slug: str
    fi: str
    genitive: str
    sv: str  # "" unless bilingual
    region: Region
    population: int
    lat: float
    lon: float
    districts: list[tuple[str, str]]  # (name, genitive)
    web: str
    org: int = 0
    parish: int = 0
    ngos: list[int] = field(default_factory=list)
    places: dict[str, list[int]] = field(default_factory=dict)  # by place key


def join_fi(items: list[str], word: str = "ja") -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


class Planner:
    """Draws the directory from one Random in a fixed order; writes nothing."""

    def __init__(self, seed: int, templates: list[Template], vocabulary: dict[str, dict[str, str]]):
        self.rng = random.Random(seed)  # noqa: S311 -- test data, reproducible by design
        self.templates = templates
        self.vocabulary = vocabulary
        self.slugs: dict[str, set[str]] = {"area": set(), "org": set(), "place": set(), "service": set()}
        self.regions: list[Region] = []
        self.municipalities: list[Municipality] = []
        self.family_centre_areas: list[dict] = []
        self.organizations: list[dict] = []
        self.places: list[dict] = []
        self.service_names_used: set[str] = set()
        self.regional_used: set[tuple[str, int]] = set()  # (template, region): one each

    def slug(self, kind: str, text: str) -> str:
        base = PREFIX + (slugify(text)[:80].strip("-") or kind)
        slug, n = base, 1
        while slug in self.slugs[kind]:
            n += 1
            slug = f"{base}-{n}"
        self.slugs[kind].add(slug)
        return slug

    # Areas and organisations

    def plan_areas(self) -> None:
        rng = self.rng
        combos = [(h, t) for h in NAME_HEADS for t in NAME_TAILS]
        total = sum(r[7] for r in REGIONS)
        chosen = rng.sample(combos, total)
        for index, (stem, stem_sv, en, phone, postal, lat, lon, count, bilingual) in enumerate(REGIONS):
            fi, sv = f"{stem} hyvinvointialue", f"{stem_sv} välfärdsområde"
            region = Region(index, self.slug("area", fi), fi, sv, en, slugify(en), phone, postal, lat, lon, bilingual)
            self.regions.append(region)
            for position in range(count):
                (head_fi, head_sv), (tail, tail_gen, tail_sv) = chosen.pop()
                name = head_fi + tail
                # The first municipality of a region is its centre, a town several times larger.
                population = int(rng.lognormvariate(8.9, 1.0) * (8 if position == 0 else 1))
                population = max(700, min(population, 600_000))
                districts = [("Keskusta", "Keskustan")]
                for h, (t, t_gen) in rng.sample(
                    [(h, t) for h in NAME_HEADS for t in DISTRICT_TAILS], 2 + min(12, population // 5000)
                ):
                    districts.append((h[0] + t, h[0] + t_gen))
                municipality = Municipality(
                    index=len(self.municipalities),
                    slug=self.slug("area", name),
                    fi=name,
                    genitive=head_fi + tail_gen,
                    sv=(head_sv + tail_sv) if rng.random() < bilingual else "",
                    region=region,
                    population=population,
                    lat=lat + rng.gauss(0, 0.35),
                    lon=lon + rng.gauss(0, 0.6),
                    districts=districts,
                    web=slugify(name),
                )
                region.municipalities.append(municipality)
                self.municipalities.append(municipality)
        for region in self.regions:
            # A family-centre area spanning several municipalities, as Kemi's lounainen alue,
            # where a region has enough of them; one or more within each large town.
            members = region.municipalities
            if len(members) >= 6:
                parts = 2 if len(members) < 15 else 3
                size = -(-len(members) // parts)
                stem = region.fi.removesuffix(" hyvinvointialue")
                stem_sv = region.sv.removesuffix(" välfärdsområde")
                for n, (direction, direction_sv) in enumerate(AREA_DIRECTIONS[:parts]):
                    self.family_centre_areas.append(
                        {
                            "fi": f"{stem} {direction} perhekeskusalue",
                            "sv": f"{stem_sv} {direction_sv} familjecenterområde",
                            "parent": ("region", region.index),
                            "municipalities": [m.index for m in members[n * size : (n + 1) * size]],
                        }
                    )
            for municipality in members:
                if municipality.population >= 25_000:
                    count = 1 if municipality.population < 80_000 else 3
                    for _district, district_gen in municipality.districts[:count]:
                        label = (
                            municipality.genitive if count == 1 else f"{municipality.genitive} {district_gen.lower()}"
                        )
                        self.family_centre_areas.append(
                            {"fi": f"{label} perhekeskus", "sv": "", "parent": ("municipality", municipality.index)}
                        )
        for area in self.family_centre_areas:
            area["slug"] = self.slug("area", area["fi"])

    def add_org(self, **values) -> int:
        values["slug"] = self.slug("org", values["fi"])
        self.organizations.append(values)
        return len(self.organizations) - 1

    def plan_organizations(self) -> None:
        rng = self.rng
        for region in self.regions:
            region.org = self.add_org(
                fi=region.fi,
                sv=region.sv,
                en=f"{region.en} Wellbeing Services County",
                kind=Organization.Kind.WELLBEING_REGION,
                area=("region", region.index),
                website=f"https://www.{region.web}.example",
                description=(
                    "Hyvinvointialue järjestää alueensa sosiaali- ja terveyspalvelut: neuvolat, perheneuvolat, "
                    "perhesosiaalityön, lastensuojelun ja kouluterveydenhuollon."
                ),
            )
        for m in self.municipalities:
            town = m.population >= 20_000
            m.org = self.add_org(
                fi=f"{m.genitive} {'kaupunki' if town else 'kunta'}",
                sv=f"{m.sv} {'stad' if town else 'kommun'}" if m.sv else "",
                en=f"{'City' if town else 'Municipality'} of {m.fi}",
                kind=Organization.Kind.MUNICIPALITY,
                area=("municipality", m.index),
                website=f"https://www.{m.web}.example",
                description="Kunta vastaa varhaiskasvatuksesta, perusopetuksesta, nuorisotyöstä, kirjastosta ja "
                "liikunta- ja kulttuuripalveluista.",
            )
            m.parish = self.add_org(
                fi=f"{m.genitive} seurakunta",
                sv=f"{m.sv} församling" if m.sv else "",
                en=f"Parish of {m.fi}",
                kind=Organization.Kind.PARISH,
                area=("municipality", m.index),
                website=f"https://www.{m.web}-seurakunta.example",
                description="Seurakunnan lapsi- ja perhetoiminta: kerhot, perhekahvilat, perhetyö ja nuorisotoiminta.",
            )
            count = 1 + min(len(NGOS) - 1, int(m.population**0.5) // 60)
            for pattern in rng.sample(NGOS, count):
                m.ngos.append(
                    self.add_org(
                        fi=pattern.format(g=m.genitive),
                        sv="",
                        en="",
                        kind=Organization.Kind.NGO,
                        area=("municipality", m.index),
                        website="",
                        description="Yhdistys järjestää vertaistukea, kerhoja ja tapahtumia lapsiperheille.",
                    )
                )

    def plan_places(self, services: int) -> None:
        """Places of each municipality: the per-municipality ones, and district ones in proportion
        to its size and to the number of services (about one place for eight services)."""
        rng = self.rng
        weight = sum(m.population**0.7 for m in self.municipalities)
        extra_total = max(0, services // 8 - 4 * len(self.municipalities))
        street_heads = [h for h, _ in NAME_HEADS]
        district_kinds = [k for k in PLACE_KINDS if k[4] == "district"]
        for m in self.municipalities:
            wanted = ["neuvola", "terveysasema", "kirjasto", "seurakuntakeskus", "koulu"]
            if m.population >= 5000:
                wanted += ["sosiaalitoimisto", "perhekeskus", "paivakoti", "nuorisotila"]
            extra = round(extra_total * m.population**0.7 / weight)
            keys = [(key, 0) for key in wanted]
            keys += [(rng.choice(district_kinds)[0], 1 + rng.randrange(len(m.districts))) for _ in range(extra)]
            seen = set()
            for key, district in keys:
                kind = next(k for k in PLACE_KINDS if k[0] == key)
                district_name, district_gen = m.districts[district % len(m.districts)]
                name = kind[1].format(g=m.genitive, d=district_gen if district else m.genitive)
                if name in seen:
                    continue
                seen.add(name)
                organization = {
                    "region": m.region.org,
                    "municipality": m.org,
                    "parish": m.parish,
                    "ngo": rng.choice(m.ngos),
                }[kind[3]]
                street = rng.choice(street_heads) + rng.choice(STREET_TAILS)
                hours = rng.choice(YOUTH_HOURS if key == "nuorisotila" else OFFICE_HOURS) if rng.random() < 0.5 else ()
                self.places.append(
                    {
                        "slug": self.slug("place", f"{m.fi} {name}"),
                        "fi": name,
                        "address": f"{street} {rng.randint(1, 60)}",
                        "postal_code": f"{m.region.postal}{(m.index * 7) % 100:02d}{rng.choice('0123')}",
                        "municipality": m.index,
                        "organization": organization,
                        "meeting_place": kind[2],
                        "lat": m.lat + rng.gauss(0, 0.02),
                        "lon": m.lon + rng.gauss(0, 0.04),
                        "hours": hours,
                        "district": district_name,
                    }
                )
                m.places.setdefault(key, []).append(len(self.places) - 1)

    # Services

    def prepare_services(self) -> None:
        self.template_cum = list(accumulate(KIND_WEIGHT.get(t.kind, 0.5) for t in self.templates))
        self.municipality_cum = list(accumulate(m.population**0.7 for m in self.municipalities))
        self.region_cum = list(accumulate(sum(m.population for m in r.municipalities) ** 0.7 for r in self.regions))

    def plan_service(self) -> dict:
        rng = self.rng
        template = rng.choices(self.templates, cum_weights=self.template_cum)[0]
        region = rng.choices(self.regions, cum_weights=self.region_cum)[0]
        municipality = None
        # A region runs one service of a kind (its Nepsy chat); more of the kind are municipalities'.
        if (
            rng.random() < REGIONAL_SHARE.get(template.kind, 0.0)
            and (template.slug, region.index) not in self.regional_used
        ):
            self.regional_used.add((template.slug, region.index))
        else:
            municipality = rng.choices(self.municipalities, cum_weights=self.municipality_cum)[0]
            region = municipality.region
        organization = self.provider(template, region, municipality)
        places = []
        if municipality and template.places and rng.random() < 0.85:
            for key in template.places:
                if municipality.places.get(key):
                    places.append(rng.choice(municipality.places[key]))
                    if rng.random() < 0.85:
                        break
        district = self.places[places[0]]["district"] if places else None
        names = self.service_names(template, region, municipality, district)
        # Mostly the template's target groups; now and then one fewer, or families added.
        target_groups = list(template.target_groups)
        roll = rng.random()
        if roll < 0.15 and len(target_groups) > 1:
            target_groups.remove(rng.choice(target_groups))
        elif roll < 0.25 and "professionals" not in target_groups and "families" not in target_groups:
            target_groups.append("families")
        if not target_groups:
            target_groups = ["families"]
        delivery = list(template.delivery) or (["electronic"] if template.kind in ("e_service", "chat") else ["office"])
        languages = ["fi"]
        if (municipality and municipality.sv) or rng.random() < 0.04:
            languages.append("sv")
        if rng.random() < 0.15:
            languages.append("en")
        for code in ("ru", "uk", "ar", "so", "et", "fa"):
            if rng.random() < 0.02:
                languages.append(code)
        keywords = {lang: self.pick(template.keywords[lang], 2, 8) for lang in ("fi", "sv", "en")}
        texts = self.descriptions(template, names, organization, region, municipality, places, keywords["fi"])
        channels = self.channels(template, region, municipality, names, places)
        hours = ()
        if places and template.kind in ("meeting_place_activity", "office_service") and rng.random() < 0.7:
            if template.kind == "office_service":
                hours = rng.choice(OFFICE_HOURS)
            elif "youth" in target_groups and "nuorisotila" in names["fi"].casefold():
                hours = rng.choice(YOUTH_HOURS)
            else:
                hours = rng.choice(MEETING_HOURS)
        free, anonymous, identification = template.flags
        if free is None and template.kind == "meeting_place_activity" and rng.random() < 0.6:
            free = True
        return {
            "name": names,
            "description": texts,
            "keywords": {lang: "\n".join(words) for lang, words in keywords.items()},
            "kind": template.kind,
            "status": Service.Status.PLANNED if rng.random() < 0.03 else Service.Status.ACTIVE,
            "organization": organization,
            "target_groups": target_groups,
            "delivery": delivery,
            "path_stage": template.path_stage,
            "tasks": list(template.tasks),
            "languages": languages,
            "age": template.age,
            "flags": (free, anonymous, identification),
            "places": places,
            "channels": channels,
            "hours": hours,
            "updated": rng.randrange(UPDATED_BUCKETS),
        }

    def provider(self, template: Template, region: Region, municipality: Municipality | None) -> int:
        rng = self.rng
        if municipality is None or template.org_kind == "wellbeing_region":
            return region.org
        if template.org_kind == "municipality":
            return municipality.org
        if template.org_kind == "parish":
            return municipality.parish
        if template.org_kind in ("ngo", "project", "private"):
            return rng.choice(municipality.ngos)
        if template.kind == "meeting_place_activity":
            return rng.choice([municipality.org, municipality.parish, *municipality.ngos])
        if template.kind in ("office_service", "outreach", "phone_service"):
            return region.org
        return rng.choice([region.org, municipality.org])

    def service_names(self, template: Template, region: Region, m: Municipality | None, district: str | None):
        """Finnish, Swedish and English names (the last two may be empty)."""
        rng = self.rng
        base = template.name["fi"]
        if m is None:
            fi = f"{base} – {region.fi}"
            sv = f"{template.name['sv']} – {region.sv}" if "sv" in template.name and rng.random() < 0.5 else ""
            en = f"{template.name['en']} – {region.en}" if "en" in template.name and rng.random() < 0.5 else ""
            return {"fi": fi, "sv": sv, "en": en}
        district_gen = dict(m.districts).get(district) if district and district != "Keskusta" else None
        roll = rng.random()
        compound = rng.choice(template.compounds) if template.compounds and roll < 0.3 else None
        if compound:
            where = rng.choice([m.genitive, district_gen or m.genitive])
            fi = f"{where} {compound}" if rng.random() < 0.6 else f"{compound.capitalize()} – {m.fi}"
        elif template.lowerable and roll < 0.55:
            where = district_gen if district_gen and rng.random() < 0.5 else m.genitive
            fi = f"{where} {base[0].lower()}{base[1:]}"
        elif district and district != "Keskusta" and roll < 0.7:
            fi = f"{base} – {m.fi}, {district}"
        else:
            fi = f"{base} – {m.fi}"
        if fi in self.service_names_used:
            # Another of the same in the same town: named by a district, or numbered at last.
            districts = [d for d, _ in m.districts[1:]]
            candidates = [f"{fi} ({d})" for d in rng.sample(districts, len(districts))]
            fi = next((c for c in candidates if c not in self.service_names_used), None) or next(
                f"{fi} {n}" for n in range(2, 10**6) if f"{fi} {n}" not in self.service_names_used
            )
        self.service_names_used.add(fi)
        place_sv = m.sv or m.fi
        sv = ""
        if "sv" in template.name and (m.sv or rng.random() < 0.1):
            sv = f"{template.name['sv']} – {place_sv}"
        en = f"{template.name['en']} – {m.fi}" if "en" in template.name and rng.random() < 0.3 else ""
        return {"fi": fi, "sv": sv, "en": en}

    def pick(self, items: list[str], low: int, high: int) -> list[str]:
        """Some of the items, in their own order."""
        if not items:
            return []
        count = min(len(items), self.rng.randint(low, high))
        chosen = set(self.rng.sample(range(len(items)), count))
        return [item for i, item in enumerate(items) if i in chosen]

    def descriptions(self, template, names, organization, region, m, places, keywords) -> dict[str, str]:
        rng = self.rng
        org = self.organizations[organization]
        place = self.places[places[0]] if places else None
        fi = self.pick(template.sentences["fi"], 1, 2)
        fi.append(
            rng.choice(("Palvelun järjestää {o}.", "Palvelusta vastaa {o}.", "Järjestäjä: {o}.")).format(o=org["fi"])
        )
        if m is None:
            fi.append(f"Palvelu on käytettävissä koko {region.fi}ella.")
        elif place:
            fi.append(f"Paikka: {place['fi']}, {place['address']}, {m.fi}.")
        else:
            fi.append(
                rng.choice(("Palvelu on tarkoitettu {g} asukkaille.", "Palvelua saa {g} alueella.")).format(
                    g=m.genitive
                )
            )
        if keywords and rng.random() < 0.5:
            fi.append(f"Aiheina esimerkiksi {join_fi(keywords[:3])}.")
        modes = [self.vocabulary["delivery_modes"].get(d, "").lower() for d in template.delivery]
        if any(modes) and rng.random() < 0.6:
            fi.append(f"Asiointi: {join_fi([x for x in modes if x])}.")
        texts = {"fi": " ".join(fi), "sv": "", "en": ""}
        where_sv = f"i hela {region.sv}" if m is None else f"i {m.sv or m.fi}"
        where_en = f"across {region.en}" if m is None else f"in {m.fi}"
        if names["sv"]:
            sv = self.pick(template.sentences["sv"], 0, 1)
            sv.append(f"Tjänsten ordnas av {org['sv'] or org['fi']} och finns {where_sv}.")
            texts["sv"] = " ".join(sv)
        if names["en"]:
            en = self.pick(template.sentences["en"], 0, 1)
            provider = org["en"] or org["fi"]
            the = "the " if provider.startswith(("City ", "Municipality ", "Parish ")) else ""
            en.append(f"Provided by {the}{provider}, available {where_en}.")
            texts["en"] = " ".join(en)
        return texts

    def channels(self, template, region, m, names, places) -> list[tuple[str, str, str, tuple]]:
        """(kind, label, value, hours) of the service's channels, in order."""
        rng = self.rng
        out = []
        tail = slugify(names["fi"])[:60].strip("-")
        site = m.web if m else region.web
        phone_share = 0.4 if template.kind in ("e_service", "chat", "information") else 0.85
        if template.kind == "phone_service" or rng.random() < phone_share:
            mobile = template.kind == "outreach" and rng.random() < 0.4
            prefix = rng.choice(("040", "044", "050")) if mobile else region.phone
            number = f"{prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            hours = ALL_DAY if template.around_the_clock else (rng.choice(PHONE_HOURS) if rng.random() < 0.9 else ())
            out.append(("phone", rng.choice(PHONE_LABELS), number, hours))
        if template.kind == "e_service":
            out.append(("e_service", "Sähköinen asiointi", f"https://asiointi.{region.web}.example/{tail}", ()))
        if template.kind == "chat":
            out.append(("chat", "Chat", f"https://chat.{region.web}.example/{tail}", rng.choice(PHONE_HOURS)))
        if rng.random() < 0.6:
            out.append(("web", "Verkkosivu", f"https://www.{site}.example/perheet/{tail}", ()))
        if rng.random() < 0.15:
            box = slugify((template.keywords["fi"] or [template.kind])[0]) or "perheet"
            out.append(("email", "Sähköposti", f"{box}@{site}.example", ()))
        if places and template.kind == "office_service" and rng.random() < 0.5:
            place = self.places[places[0]]
            out.append(("visit", place["fi"], f"{place['address']}, {place['postal_code']} {m.fi}", ()))
        return out


# --- Writing --------------------------------------------------------------------------------


def generated_counts() -> dict[str, int]:
    """How many generated rows the database holds, by model (only those with any)."""
    counts = {
        "services": Service.objects.filter(slug__startswith=PREFIX).count(),
        "places": Location.objects.filter(slug__startswith=PREFIX).count(),
        "organisations": Organization.objects.filter(slug__startswith=PREFIX).count(),
        "areas": Area.objects.filter(slug__startswith=PREFIX).count(),
    }
    return {name: n for name, n in counts.items() if n}


def delete_generated() -> dict[str, int]:
    """Delete every generated row (slug "gen-...") with what hangs on it; counts by model."""
    deleted = {}

    def count(result) -> None:
        for label, n in result[1].items():
            deleted[label] = deleted.get(label, 0) + n

    generated = {"slug__startswith": PREFIX}
    # Hours of generated channels and places first: what is left of a service then deletes fast.
    count(Schedule.objects.filter(channel__service__slug__startswith=PREFIX).delete())
    count(Schedule.objects.filter(location__slug__startswith=PREFIX).delete())
    count(Service.objects.filter(**generated).delete())
    count(Location.objects.filter(**generated).delete())
    count(Organization.objects.filter(**generated).delete())
    # Areas refer to their parents (protected): the smallest first.
    for kind in (Area.Kind.FAMILY_CENTRE_AREA, Area.Kind.MUNICIPALITY, Area.Kind.WELLBEING_REGION):
        count(Area.objects.filter(kind=kind, **generated).delete())
    count(Area.objects.filter(**generated).delete())
    return {label: n for label, n in deleted.items() if n}


def to_time(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def schedules(hours, **owner) -> list[Schedule]:
    return [
        Schedule(
            weekdays=days,
            opens_at=to_time(opens),
            closes_at=to_time(closes),
            open_on_holidays=(opens, closes) == ("00:00", "00:00"),
            **owner,
        )
        for days, opens, closes in hours
    ]


def coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


class Writer:
    def __init__(self, planner: Planner, summary: Summary):
        self.planner = planner
        self.summary = summary
        self.vocabulary = {
            "target_groups": dict(TargetGroup.objects.values_list("slug", "pk")),
            "delivery_modes": dict(DeliveryMode.objects.values_list("slug", "pk")),
            "path_stages": dict(PathStage.objects.values_list("slug", "pk")),
            "tasks": dict(Task.objects.values_list("slug", "pk")),
            "languages": dict(Language.objects.values_list("slug", "pk")),
        }

    def areas(self) -> None:
        p = self.planner
        regions = Area.objects.bulk_create(
            [Area(slug=r.slug, name_fi=r.fi, name_sv=r.sv, name_en=f"{r.en} Wellbeing Services County",
                  kind=Area.Kind.WELLBEING_REGION) for r in p.regions],
            batch_size=BATCH_SIZE,
        )  # fmt: skip
        self.region_pks = [a.pk for a in regions]
        municipalities = Area.objects.bulk_create(
            [
                Area(
                    slug=m.slug,
                    name_fi=m.fi,
                    name_sv=m.sv,
                    kind=Area.Kind.MUNICIPALITY,
                    parent_id=self.region_pks[m.region.index],
                )
                for m in p.municipalities
            ],
            batch_size=BATCH_SIZE,
        )
        self.municipality_pks = [a.pk for a in municipalities]
        areas = Area.objects.bulk_create(
            [
                Area(slug=a["slug"], name_fi=a["fi"], name_sv=a["sv"], kind=Area.Kind.FAMILY_CENTRE_AREA,
                     parent_id=self.area_pk(a["parent"]))
                for a in p.family_centre_areas
            ],
            batch_size=BATCH_SIZE,
        )  # fmt: skip
        through = Area.municipalities.through
        links = [
            through(from_area_id=area.pk, to_area_id=self.municipality_pks[m])
            for area, planned in zip(areas, p.family_centre_areas, strict=True)
            for m in planned.get("municipalities", [])
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        self.summary.regions = len(regions)
        self.summary.municipalities = len(municipalities)
        self.summary.family_centre_areas = len(areas)
        self.summary.links += len(links)

    def area_pk(self, ref: tuple[str, int]) -> int:
        kind, index = ref
        return self.region_pks[index] if kind == "region" else self.municipality_pks[index]

    def organizations(self) -> None:
        rows = Organization.objects.bulk_create(
            [
                Organization(
                    slug=o["slug"],
                    name_fi=o["fi"],
                    name_sv=o["sv"],
                    name_en=o["en"],
                    kind=o["kind"],
                    website=o["website"],
                    network_member=True,
                    area_id=self.area_pk(o["area"]),
                    description_fi=o["description"],
                )
                for o in self.planner.organizations
            ],
            batch_size=BATCH_SIZE,
        )
        self.org_pks = [o.pk for o in rows]
        self.summary.organizations = len(rows)

    def places(self) -> None:
        planned = self.planner.places
        rows = Location.objects.bulk_create(
            [
                Location(
                    slug=p["slug"],
                    name_fi=p["fi"],
                    address=p["address"],
                    postal_code=p["postal_code"],
                    municipality_id=self.municipality_pks[p["municipality"]],
                    area_id=self.municipality_pks[p["municipality"]],
                    organization_id=self.org_pks[p["organization"]],
                    meeting_place=p["meeting_place"],
                    latitude=coordinate(p["lat"]),
                    longitude=coordinate(p["lon"]),
                )
                for p in planned
            ],
            batch_size=BATCH_SIZE,
        )
        self.place_pks = [row.pk for row in rows]
        hours = [s for row, p in zip(rows, planned, strict=True) for s in schedules(p["hours"], location_id=row.pk)]
        Schedule.objects.bulk_create(hours, batch_size=BATCH_SIZE)
        self.summary.places = len(rows)
        self.summary.schedules += len(hours)

    def services(self, planned: list[dict], slugs: list[str]) -> None:
        v = self.vocabulary
        rows = Service.objects.bulk_create(
            [
                Service(
                    slug=slug,
                    name_fi=s["name"]["fi"][:300],
                    name_sv=s["name"]["sv"][:300],
                    name_en=s["name"]["en"][:300],
                    description_fi=s["description"]["fi"],
                    description_sv=s["description"]["sv"],
                    description_en=s["description"]["en"],
                    keywords_fi=s["keywords"]["fi"],
                    keywords_sv=s["keywords"]["sv"],
                    keywords_en=s["keywords"]["en"],
                    kind=s["kind"],
                    status=s["status"],
                    organization_id=self.org_pks[s["organization"]],
                    path_stage_id=v["path_stages"].get(s["path_stage"]),
                    age_min=s["age"][0],
                    age_max=s["age"][1],
                    free=s["flags"][0],
                    anonymous=s["flags"][1],
                    identification_required=s["flags"][2],
                )
                for s, slug in zip(planned, slugs, strict=True)
            ],
            batch_size=BATCH_SIZE,
        )
        for name, vocabulary, key in (
            ("target_groups", v["target_groups"], "target_groups"),
            ("delivery_modes", v["delivery_modes"], "delivery"),
            ("tasks", v["tasks"], "tasks"),
            ("languages", v["languages"], "languages"),
        ):
            m2m = Service._meta.get_field(name)
            through = m2m.remote_field.through
            own, other = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
            links = [
                through(**{own: row.pk, other: vocabulary[slug]})
                for row, s in zip(rows, planned, strict=True)
                for slug in dict.fromkeys(s[key])
                if slug in vocabulary
            ]
            through.objects.bulk_create(links, batch_size=BATCH_SIZE)
            self.summary.links += len(links)
        at = [
            ServiceAtLocation(service_id=row.pk, location_id=self.place_pks[place])
            for row, s in zip(rows, planned, strict=True)
            for place in dict.fromkeys(s["places"])
        ]
        ServiceAtLocation.objects.bulk_create(at, batch_size=BATCH_SIZE)
        self.summary.links += len(at)
        channel_rows, channel_hours = [], []
        for row, s in zip(rows, planned, strict=True):
            for order, (kind, label, value, hours) in enumerate(s["channels"]):
                channel_rows.append(Channel(service_id=row.pk, kind=kind, label=label, value=value, order=order))
                channel_hours.append(hours)
        Channel.objects.bulk_create(channel_rows, batch_size=BATCH_SIZE)
        hours = [
            rule for c, h in zip(channel_rows, channel_hours, strict=True) for rule in schedules(h, channel_id=c.pk)
        ]
        hours += [
            rule for row, s in zip(rows, planned, strict=True) for rule in schedules(s["hours"], service_id=row.pk)
        ]
        Schedule.objects.bulk_create(hours, batch_size=BATCH_SIZE)
        # updated_at is set by auto_now on insert; a fixed date per service keeps runs identical.
        buckets: dict[int, list[int]] = {}
        for row, s in zip(rows, planned, strict=True):
            buckets.setdefault(s["updated"], []).append(row.pk)
        for bucket, pks in sorted(buckets.items()):
            when = UPDATED_BASE - dt.timedelta(days=14 * bucket)
            for start in range(0, len(pks), 500):
                Service.objects.filter(pk__in=pks[start : start + 500]).update(updated_at=when)
        self.summary.services += len(rows)
        self.summary.channels += len(channel_rows)
        self.summary.schedules += len(hours)


def check_vocabulary() -> None:
    if not TargetGroup.objects.exists() or not DeliveryMode.objects.exists():
        raise GenerationError(
            "The vocabularies are not loaded (target groups, delivery modes ...): "
            "run `manage.py load_data data/vocabulary.yaml` first."
        )


def generate(
    services: int,
    seed: int = 1,
    *,
    replace: bool = False,
    log: Callable[[str], None] = lambda line: None,
    data_dir: Path | None = None,
) -> Summary:
    """Write a synthetic national directory with `services` services, drawn from `seed`.

    Raises GenerationError, having written nothing, when the count is out of bounds, the
    vocabularies are not loaded, or generated rows exist and `replace` is not set.
    """
    if isinstance(services, bool) or not isinstance(services, int) or not MIN_SERVICES <= services <= MAX_SERVICES:
        raise GenerationError(
            f"The number of services must be from {MIN_SERVICES} to {MAX_SERVICES:,}; got {services!r}."
        )
    started = time.perf_counter()
    summary = Summary()

    def stage(text: str) -> None:
        log(f"[{time.perf_counter() - started:6.1f} s] {text}")

    check_vocabulary()
    existing = generated_counts()
    if existing and not replace:
        what = ", ".join(f"{n} {name}" for name, n in existing.items())
        raise GenerationError(
            f"The database already holds a generated directory ({what}; slugs starting with {PREFIX!r}). "
            "Run again with --replace to delete it and generate a new one."
        )
    templates = load_templates(data_dir)
    planner = Planner(seed, templates, read_vocabulary_names(data_dir))
    stage(f"read {len(templates)} demo services as templates; seed {seed}")
    with transaction.atomic():
        if existing:
            summary.deleted = delete_generated()
            stage(
                "deleted the earlier generated directory: " + ", ".join(f"{n} {k}" for k, n in summary.deleted.items())
            )
        writer = Writer(planner, summary)
        planner.plan_areas()
        writer.areas()
        stage(
            f"areas: {summary.regions} wellbeing regions, {summary.municipalities} municipalities, "
            f"{summary.family_centre_areas} family-centre areas"
        )
        planner.plan_organizations()
        writer.organizations()
        stage(f"organisations: {summary.organizations}")
        planner.plan_places(services)
        writer.places()
        stage(f"places: {summary.places}")
        planner.prepare_services()
        done = 0
        while done < services:
            count = min(CHUNK, services - done)
            planned = [planner.plan_service() for _ in range(count)]
            slugs = [planner.slug("service", s["name"]["fi"]) for s in planned]
            writer.services(planned, slugs)
            done += count
            stage(f"services: {done} of {services} ({summary.channels} channels, {summary.schedules} hours rules)")
        # Bulk writes send no save signals: the search index is rebuilt in the same transaction.
        built = search_index.rebuild()
        stage(f"search index: {built['terms']} terms, {built['postings']} postings in {built['seconds']:.1f} s")
    summary.seconds = time.perf_counter() - started
    return summary
