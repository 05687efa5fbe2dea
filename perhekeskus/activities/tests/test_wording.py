"""Rules and dates in words, in Finnish (the source language of the interface)."""

from datetime import date, time

import pytest
from django.utils import translation

from perhekeskus.activities.models import Activity
from perhekeskus.activities.wording import (
    date_span,
    pause_in_words,
    rule_in_words,
    season_end_in_words,
    season_start_in_words,
    validity_in_words,
)


@pytest.fixture(autouse=True)
def finnish():
    with translation.override("fi"):
        yield


def activity(**fields) -> Activity:
    values = {"freq": "weekly", "interval": 1, "byday": "mo", "starts_at": time(12, 30), "ends_at": time(15)}
    return Activity(**{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "Maanantaisin klo 12.30–15.00"),
        ({"byday": "mo,we"}, "Maanantaisin ja keskiviikkoisin klo 12.30–15.00"),
        ({"byday": "tu,th,fr", "starts_at": None, "ends_at": None}, "Tiistaisin, torstaisin ja perjantaisin"),
        ({"interval": 2, "byday": "tu"}, "Joka toinen viikko tiistaisin klo 12.30–15.00"),
        ({"interval": 3}, "Joka 3. viikko maanantaisin klo 12.30–15.00"),
        ({"freq": "monthly", "byday": "fr", "bysetpos": -1}, "Kuukauden viimeinen perjantai klo 12.30–15.00"),
        (
            {"freq": "monthly", "byday": "sa", "bysetpos": 1, "starts_at": None, "ends_at": None},
            "Kuukauden ensimmäinen lauantai",
        ),
        ({"freq": "monthly", "byday": "sa", "starts_at": None, "ends_at": None}, "Kerran kuussa, lauantaisin"),
    ],
)
def test_rule_in_words(fields, words):
    assert rule_in_words(activity(**fields)) == words


def test_date_spans():
    assert date_span(date(2022, 2, 14), date(2022, 2, 20)) == "14.–20.2.2022"
    assert date_span(date(2022, 2, 28), date(2022, 3, 4)) == "28.2.–4.3.2022"
    assert date_span(date(2021, 12, 27), date(2022, 1, 2)) == "27.12.2021–2.1.2022"
    assert date_span(date(2022, 2, 16)) == "16.2.2022"
    with translation.override("en"):
        assert date_span(date(2022, 2, 28), date(2022, 3, 4)) == "28 Feb – 4 Mar 2022"


def test_validity_and_pause_in_words():
    assert validity_in_words(activity(valid_from=date(2021, 8, 18))) == "18.8.2021 alkaen"
    assert validity_in_words(activity()) == ""
    assert pause_in_words(date(2022, 2, 28), date(2022, 3, 4), "talviloma") == "Talviloma 28.2.–4.3.2022: ei toimintaa"
    assert pause_in_words(date(2022, 2, 28), date(2022, 2, 28)) == "28.2.2022: ei toimintaa"


def test_a_season_s_end_and_start_in_words_depend_on_the_day():
    assert season_end_in_words(date(2022, 3, 31), date(2022, 4, 1)) == "Kausi päättyi 31.3.2022."
    assert season_end_in_words(date(2022, 3, 31), date(2022, 3, 31)) == "Kausi päättyy 31.3.2022."
    assert season_start_in_words(date(2022, 1, 10), date(2022, 1, 9)) == "Kausi alkaa 10.1.2022."
    assert season_start_in_words(date(2022, 1, 10), date(2022, 1, 11)) == "Kausi alkoi 10.1.2022."
    with translation.override("en"):
        assert season_end_in_words(date(2022, 3, 31), date(2022, 4, 1)) == "The season ended on 31 Mar 2022."
