"""No parameter of any endpoint, whatever its value, gives a 500 or anything but JSON."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ENDPOINTS = [
    "/api/v1/services/",
    "/api/v1/services/lastenneuvola/",
    "/api/v1/organizations/",
    "/api/v1/organizations/kemin-kaupunki/",
    "/api/v1/locations/",
    "/api/v1/locations/jukola/",
    "/api/v1/activities/",
    "/api/v1/activities/lansi-kotka-vauvakerho-ma/",
    "/api/v1/occurrences/",
]
PARAMETERS = (
    "q target_group path_stage delivery language org_kind area age free anonymous open_now lang page page_size "
    "format unknown place organizer start end"
).split()
# Every kind of character, control and format characters, unpaired surrogates excepted (they cannot
# be sent as UTF-8), plus long runs.
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300) | st.sampled_from(
    ["\x00", "\x00" * 3000, "x" * 10_000, "👨‍👩‍👧" * 100, "\u202e\u200b\ufeff", "-1", "0", "1e9", "9" * 400]
)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(ENDPOINTS), name=st.sampled_from(PARAMETERS), value=ANY_TEXT)
def test_any_value_of_any_parameter_is_answered_in_json(client, demo_data, path, name, value):
    response = client.get(path, {name: value})

    assert response.status_code in {200, 400, 404}, (name, value, response.content[:300])
    assert response["Content-Type"] == "application/json"
    response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ENDPOINTS)
def test_raw_percent_encoded_bytes_are_answered_in_json(client, demo_data, path):
    for query in ["q=%00%07%1b", "page=%C0%AF", "lang=%FF%FE", "target_group=%E2%80%AE", "q=" + "%F0%9F%91%B6" * 50]:
        response = client.get(f"{path}?{query}")

        assert response.status_code in {200, 400, 404}, query
        response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*ENDPOINTS, "/api/v1/docs/"])
def test_more_parameters_than_django_parses_is_a_400(client, settings, path):
    query = "&".join(["target_group=babies"] * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.get(f"{path}?{query}")

    if path.endswith("/docs/"):
        assert response.status_code == 200  # the page ignores what it cannot read
    else:
        assert response.status_code == 400
        assert response.json()["detail"]
