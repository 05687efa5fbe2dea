"""What the OpenAPI schema promises is what the API does: formats, choices, empty values, errors.

Each test names a disagreement a schemathesis run found (issue 16, point 5) and would fail on the
code before it was fixed.
"""

import re
from datetime import time

import pytest
from openapi_spec_validator import validate

from perhekeskus.directory.models import Area, Location, Organization, Schedule, TargetGroup
from perhekeskus.help_requests.models import ChildAgeGroup, Topic

SCHEMA = "/api/v1/schema/"
WALL_CLOCK = {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$", "example": "09:00"}


def schema_of(client) -> dict:
    response = client.get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    return response.json()


def get_operations(schema) -> list[tuple[str, dict]]:
    return [(path, methods["get"]) for path, methods in schema["paths"].items() if "get" in methods]


def query_parameters(operation) -> dict[str, dict]:
    return {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}


def example_path(path: str, operation: dict) -> str:
    """The path with the example slug of its `{slug}` (a record of the demo data)."""
    for parameter in operation["parameters"]:
        if parameter["in"] == "path":
            [example] = parameter["examples"].values()
            path = path.replace("{" + parameter["name"] + "}", example["value"])
    return path


@pytest.mark.django_db
def test_the_schema_with_the_demo_data_is_valid_and_the_same_each_time(client, demo_data):
    first, second = schema_of(client), schema_of(client)

    validate(first)
    assert first == second


@pytest.mark.django_db
def test_opening_times_are_declared_as_the_hh_mm_the_api_writes(client, demo_data):
    components = schema_of(client)["components"]["schemas"]
    Schedule.objects.filter(location__isnull=False).update(opens_at=time(9, 5), closes_at=time(0, 0))
    place = Location.objects.filter(schedules__isnull=False).first()

    schedules = client.get(f"/api/v1/locations/{place.slug}/").json()["schedules"]

    for name in ("opens_at", "closes_at"):
        # Not `format: time`: that is RFC 3339's, with seconds and an offset, which "09:05" is not.
        assert {k: v for k, v in components["Schedule"]["properties"][name].items() if k != "readOnly"} == WALL_CLOCK
    assert components["Activity"]["properties"]["starts_at"]["pattern"] == WALL_CLOCK["pattern"]
    assert components["Hours"]["properties"]["opens"]["pattern"] == WALL_CLOCK["pattern"]
    assert [(s["opens_at"], s["closes_at"]) for s in schedules][0] == ("09:05", "00:00")
    for schedule in schedules:
        assert re.match(WALL_CLOCK["pattern"], schedule["opens_at"])
        assert re.match(WALL_CLOCK["pattern"], schedule["closes_at"])


@pytest.mark.django_db
def test_an_organisation_without_a_website_has_null_not_an_empty_uri(client, demo_data):
    website = schema_of(client)["components"]["schemas"]["Organization"]["properties"]["website"]
    organization = Organization.objects.filter(website="").first()

    body = client.get(f"/api/v1/organizations/{organization.slug}/").json()
    listed = client.get("/api/v1/organizations/", {"page_size": 100}).json()["results"]

    assert (website["format"], website["nullable"]) == ("uri", True)
    assert body["website"] is None
    assert all(item["website"] is None or item["website"].startswith("http") for item in listed)


@pytest.mark.django_db
def test_choices_of_rows_are_listed_from_the_database(client, demo_data):
    schema = schema_of(client)
    services = query_parameters(schema["paths"]["/api/v1/services/"]["get"])
    activities = query_parameters(schema["paths"]["/api/v1/activities/"]["get"])

    assert services["lang"]["schema"]["enum"] == ["fi", "sv", "en"]
    assert services["target_group"]["schema"]["items"]["enum"] == sorted(
        TargetGroup.objects.values_list("slug", flat=True)
    )
    assert services["area"]["schema"]["enum"] == sorted(Area.objects.values_list("slug", flat=True))
    assert activities["organizer"]["schema"]["enum"] == sorted(Organization.objects.values_list("slug", flat=True))
    assert activities["place"]["schema"]["enum"] == sorted(Location.objects.values_list("slug", flat=True))


@pytest.mark.django_db
def test_with_an_empty_database_a_choice_is_its_slug_pattern_and_the_schema_stays_valid(client):
    schema = schema_of(client)
    services = query_parameters(schema["paths"]["/api/v1/services/"]["get"])
    body = schema["paths"]["/api/v1/help-requests/"]["post"]["requestBody"]["content"]["application/json"]["schema"]

    validate(schema)
    assert services["target_group"]["schema"]["items"] == {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
    for variant in body["oneOf"]:
        assert variant["properties"]["topic"]["enum"] == ["", None]


@pytest.mark.django_db
def test_an_empty_parameter_is_declared_where_it_is_accepted_and_only_there(client, demo_data):
    """`?lang=` means not given (so the schema says allowEmptyValue); `?target_group=` is a 400."""
    schema = schema_of(client)
    checked = 0

    for path, operation in get_operations(schema):
        for name, parameter in query_parameters(operation).items():
            response = client.get(f"{example_path(path, operation)}?{name}=")

            expected = 200 if parameter.get("allowEmptyValue") else 400
            assert response.status_code == expected, (path, name, response.content[:200])
            checked += 1

    assert checked > 40
    assert query_parameters(schema["paths"]["/api/v1/services/"]["get"])["lang"]["allowEmptyValue"] is True
    assert "allowEmptyValue" not in query_parameters(schema["paths"]["/api/v1/services/"]["get"])["target_group"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["free=%1B", "target_group=%1Bbabies", "target_group=babies%20", "area=kemi%00", "org_kind=%00municipality"],
)
def test_a_choice_or_flag_with_a_control_character_is_a_400_not_another_value(client, demo_data, query):
    response = client.get(f"/api/v1/services/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.django_db
def test_a_query_with_control_characters_is_still_searched(client, demo_data):
    response = client.get("/api/v1/services/?q=%00neuvola%1B")

    assert response.status_code == 200
    assert response.json()["count"] > 0


@pytest.mark.django_db
def test_days_are_declared_with_the_years_the_calendar_accepts(client, demo_data):
    occurrences = query_parameters(schema_of(client)["paths"]["/api/v1/occurrences/"]["get"])
    pattern = occurrences["start"]["schema"]["pattern"]

    assert occurrences["start"]["schema"]["format"] == "date"
    assert re.match(pattern, "2000-01-01") and re.match(pattern, "2099-12-31")
    assert not re.match(pattern, "1999-12-31") and not re.match(pattern, "2100-01-01")
    assert client.get("/api/v1/occurrences/", {"start": "1999-12-31", "end": "1999-12-31"}).status_code == 400


@pytest.mark.django_db
def test_every_operation_documents_406_and_503_with_retry_after(client, demo_data):
    schema = schema_of(client)

    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            assert {"400", "406", "503"} <= set(responses), (method, path)
            assert set(responses["503"]["headers"]) == {"Retry-After"}, (method, path)
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
                    assert response["content"]["application/json"]["examples"], (method, path, code)
    # And 406 is what an Accept header the API cannot answer gets.
    read = client.get("/api/v1/services/", HTTP_ACCEPT="text/csv")
    post = client.post("/api/v1/help-requests/", {}, content_type="application/json", HTTP_ACCEPT="text/csv")
    assert (read.status_code, post.status_code) == (406, 406)
    assert read.json()["detail"] and post.json()["detail"]


@pytest.mark.django_db
def test_every_operation_has_examples_of_its_answer_and_its_parameters(client, demo_data):
    schema = schema_of(client)

    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            ok = operation["responses"]["201" if method == "post" else "200"]
            assert ok["content"]["application/json"]["examples"], (method, path)
            if method == "get":
                assert any("examples" in p for p in operation["parameters"]), path
    post = schema["paths"]["/api/v1/help-requests/"]["post"]
    assert post["requestBody"]["content"]["application/json"]["examples"]


@pytest.mark.django_db
def test_the_example_parameters_of_every_read_endpoint_are_answered_with_200(client, demo_data):
    for path, operation in get_operations(schema_of(client)):
        query = {}
        for name, parameter in query_parameters(operation).items():
            for example in parameter.get("examples", {}).values():
                query[name] = example["value"]

        response = client.get(example_path(path, operation), query)

        assert response.status_code == 200, (path, query, response.content[:300])


@pytest.mark.django_db
def test_help_request_choices_are_the_rows_the_form_accepts(client, demo_data):
    post = schema_of(client)["paths"]["/api/v1/help-requests/"]["post"]
    variants = {
        v["properties"]["contact_method"]["enum"][0]: v
        for v in post["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    }

    assert set(variants) == {"anonymous", "phone", "email"}
    for variant in variants.values():
        properties = variant["properties"]
        assert properties["topic"]["enum"] == [
            *sorted(Topic.objects.filter(active=True).values_list("slug", flat=True)),
            "",
            None,
        ]
        assert properties["age_group"]["enum"] == [
            *sorted(ChildAgeGroup.objects.values_list("slug", flat=True)),
            "",
            None,
        ]
        assert properties["municipality"]["enum"][:-2] == sorted(
            Area.objects.filter(kind=Area.Kind.MUNICIPALITY).values_list("slug", flat=True)
        )
        assert properties["lang"]["enum"] == ["fi", "sv", "en", "", None]
        assert (properties["text"]["minLength"], properties["text"]["maxLength"]) == (1, 5000)
    assert variants["anonymous"]["required"] == ["text", "contact_method"]
    assert variants["phone"]["required"] == ["text", "contact_method", "contact_phone"]
    assert variants["email"]["required"] == ["text", "contact_method", "contact_email"]
    assert variants["email"]["properties"]["contact_email"]["format"] == "email"
    assert post["requestBody"]["required"] is True
