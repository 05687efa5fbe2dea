"""The OpenAPI 3 schema at /api/v1/schema/ and the documentation page at /api/v1/docs/."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openapi_spec_validator import validate

from perhekeskus.directory.forms import ServiceSearchForm

READ_PATHS = {
    f"/api/v1/{kind}/{tail}"
    for kind in ("services", "organizations", "locations", "activities", "paths")
    for tail in ("", "{slug}/")
} | {"/api/v1/occurrences/"}
PATHS = READ_PATHS | {"/api/v1/help-requests/"}


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def parameters(schema, path) -> dict[str, dict]:
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_lists_every_endpoint(schema):
    assert set(schema["paths"]) == PATHS


def test_service_list_documents_every_filter_of_the_search_form(schema):
    documented = parameters(schema, "/api/v1/services/")

    assert set(ServiceSearchForm.base_fields) | {"lang", "page", "page_size"} == set(documented)
    assert documented["target_group"]["schema"]["type"] == "array"
    assert documented["q"]["schema"]["maxLength"] == ServiceSearchForm.base_fields["q"].max_length
    assert documented["age"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 120}
    assert documented["page_size"]["schema"]["maximum"] == 100
    assert documented["lang"]["schema"]["enum"] == ["fi", "sv", "en"]
    assert "national_service" in documented["org_kind"]["schema"]["items"]["enum"]
    assert documented["free"]["schema"] == {"type": "boolean"}


@pytest.mark.parametrize("path", sorted(READ_PATHS))
def test_every_endpoint_documents_its_errors_and_language(schema, path):
    operation = schema["paths"][path]["get"]

    assert {"200", "400", "404"} <= set(operation["responses"])
    error = {"$ref": "#/components/schemas/Error"}
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == error
    assert "lang" in parameters(schema, path)


def test_help_request_post_documents_its_errors(schema):
    operation = schema["paths"]["/api/v1/help-requests/"]["post"]

    assert {"201", "400", "429"} <= set(operation["responses"])
    assert operation["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }


def test_service_list_response_is_a_page_with_facets(schema):
    page = schema["components"]["schemas"]["PaginatedServiceList"]["properties"]
    service = schema["components"]["schemas"]["Service"]["properties"]

    assert {"count", "next", "previous", "results", "facets"} <= set(page)
    assert {"slug", "name", "organization", "target_groups", "channels", "open_now", "next_opens"} <= set(service)


def test_kind_codes_are_named_after_their_lists(schema):
    components = schema["components"]["schemas"]

    assert {"ServiceKindEnum", "ServiceStatusEnum", "ChannelKindEnum", "OrganizationKindEnum"} <= set(components)


def test_schema_speaks_the_language_asked_for(client, db):
    swedish = client.get("/api/v1/schema/", {"format": "json", "lang": "sv"}).json()

    with translation.override("sv"):
        assert swedish["paths"]["/api/v1/services/"]["get"]["summary"] == translation.gettext("Hae palveluita")


def test_spectacular_command_validates_without_warnings(tmp_path, db):
    out = tmp_path / "openapi.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    assert "/api/v1/services/" in out.read_text()


def test_docs_page_is_named_swagger_ui_and_lists_the_endpoints(client, db):
    response = client.get(reverse("swagger-ui"))

    assert response.status_code == 200
    html = response.content.decode()
    for path in PATHS:
        assert path in html
    assert "target_group" in html
    assert 'href="/api/v1/schema/?format=json"' in html


def test_docs_page_loads_nothing_from_elsewhere(client, db):
    html = client.get(reverse("swagger-ui")).content.decode()

    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)


def test_api_root_lists_the_endpoints(client, db):
    body = client.get("/api/v1/").json()

    assert set(body) == {"services", "organizations", "locations", "activities", "occurrences", "paths"}


@pytest.mark.parametrize(("query", "lang"), [({"lang": "sv"}, "sv"), ({}, "fi"), ({"lang": "\x00klingon"}, "fi")])
def test_docs_page_speaks_the_language_asked_for(client, db, query, lang):
    response = client.get(reverse("swagger-ui"), query)

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/nope/", "/api/v1/services/lastenneuvola/extra/", "/api/v1/%00"])
def test_an_address_that_is_no_endpoint_is_a_json_404(client, db, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "/api/v1/docs/" in response.json()["detail"]
