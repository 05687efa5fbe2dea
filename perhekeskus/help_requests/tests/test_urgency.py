"""Urgency screening: a request with signs of acute danger is flagged; screening never blocks.

What the word list decides (data/help_requests.yaml, `urgency_terms`): a single word matches any
word beginning with it; a phrase matches its words in a row, the last one by its beginning.
Verbs with common harmless uses ("lyö" in "lapsi lyö palloa", "hakkaa" in "sydän hakkaa") are
listed only with a person as the object, so ordinary questions are not flagged; words rarely
harmless ("väkivalta", "abuse") are single terms and flag also a question *about* violence, which
a worker then reads first. The tests below pin that behaviour for the demo list.
"""

import pytest

from perhekeskus.help_requests.models import TEXT_MAX_CHARS, UrgencyTerm
from perhekeskus.help_requests.urgency import is_urgent, urgent_terms_in

# --- the matching rule, over given terms --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms", "urgent"),
    [
        ("Minulla on itsetuhoisia ajatuksia", ["itsetuho"], True),  # a word beginning
        ("ITSETUHOINEN", ["itsetuho"], True),  # case
        ("itsetuho", ["Itsetuho"], True),
        ("Hän on hengenvaarassa", ["hengenvaar"], True),
        ("Han ar i livsfara", ["livsfar"], True),
        ("Isä lyö minua", ["lyö minua"], True),  # a phrase
        ("isa lyo minua", ["lyö minua"], True),  # typed without ä/ö
        ("ISÄ LYÖ MINUA!!!", ["lyö minua"], True),
        ("Isä lyö, minua pelottaa", ["lyö minua"], True),  # punctuation does not separate a phrase
        ("mieheni uhkaa tappaa minut", ["uhkaa tappaa"], True),
        ("Hän lyö minuakin", ["lyö minua"], True),  # the last word of a phrase by its beginning
        ("lapsi lyö palloa", ["lyö minua"], False),
        ("minua lyö", ["lyö minua"], False),  # the words in order
        ("puhkaa tappaa", ["uhkaa tappaa"], False),  # a phrase starts at a word
        ("I like grape juice", ["rape"], False),  # a word beginning, never the middle of a word
        ("Lapsi nukkuu huonosti", [], False),
        ("Lapsi nukkuu huonosti", ["?!"], False),  # a term without letters matches nothing
    ],
)
def test_terms_match_word_beginnings_and_phrases(text, terms, urgent):
    assert urgent_terms_in(text, terms) is urgent


@pytest.mark.django_db
def test_terms_of_every_language_screen_every_request():
    UrgencyTerm.objects.create(term="självmord", language="sv")
    UrgencyTerm.objects.create(term="kill myself", language="en")
    assert is_urgent("Mietin, onko tämä självmordstankar?")  # people mix languages
    assert is_urgent("Joskus haluan kill myself")
    assert not is_urgent("Lapsi ei nuku")


@pytest.mark.django_db
def test_without_terms_nothing_is_urgent():
    assert not is_urgent("Haluan tappaa itseni")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "\x00\x01\xff\ufffd", "🙂" * 100, "lyö " * (TEXT_MAX_CHARS // 4), "a" * TEXT_MAX_CHARS],
)
def test_screening_never_fails_on_any_text(text):
    UrgencyTerm.objects.create(term="lyö minua", language="fi")
    assert is_urgent(text) in (True, False)


# --- the demo word list -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "Mietin itsemurhaa",
        "minulla on itsetuhoisia ajatuksia",
        "Haluan tappaa itseni",
        "tyttäreni viiltelee",
        "en halua elää enää",
        "Isä lyö minua",
        "isa lyo minua",
        "Isäpuoli hakkasi minua eilen",
        "Mieheni uhkaa tappaa minut",
        "Hän on pahoinpidellyt lasta",
        "Olen hengenvaarassa",
        "Äiti jätti meidät yksin kotona kolmeksi päiväksi",
        "Lapsi on heitteillä",
        "Jag har självmordstankar",
        "sjalvmord",
        "Pappa slår mig",
        "Han hotar att döda mig",
        "Mamma blir misshandlad",
        "My stepdad hits me",
        "I want to kill myself",
        "She was abused",
        "Sometimes I want to die",
    ],
)
def test_demo_terms_flag_acute_danger_in_finnish_swedish_and_english(demo_data, text):
    assert is_urgent(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text",
    [
        "lapsi lyö palloa",
        "Kello lyö kuusi ja vauva herää",
        "sydän hakkaa ja ahdistaa ennen koetta",
        "Isoäiti kuoli viime kuussa ja lapsi suree",
        "Lapsi ei nuku öisin, mitä teen?",
        "Eron jälkeen lapset asuvat vuoroviikoin, miten sovimme elatuksesta?",
        "Poikaamme kiusataan koulussa",
        "Meillä on vuokrarästejä ja toimeentulotuki viivästyy",
        "Mieheni juo paljon alkoholia",
        "Min son vill inte gå till skolan",
        "Hur ansöker jag om dagvård?",
        "We are expecting a baby, where is the maternity clinic?",
        "My teenager is staying out late",
    ],
)
def test_demo_terms_leave_ordinary_questions_unflagged(demo_data, text):
    assert not is_urgent(text)
