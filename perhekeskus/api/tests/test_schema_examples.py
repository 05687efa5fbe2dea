"""The schema's examples are true: each matches the schema it illustrates, and the help request's is
received (201) when posted.

Checked as the schemathesis run checks answers: OAS 3.0's `nullable` read as "this, or null" and
the formats (uri, date-time, email ...) validated, by jsonschema-rs (pinned with schemathesis).
"""

import json

import jsonschema_rs
import pytest

from perhekeskus.api import examples
from perhekeskus.help_requests.models import HelpRequest

PATHS = ("/api/v1/services/", "/api/v1/help-requests/")


@pytest.fixture
def schema(client, demo_data):
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def check(schema: dict, subschema: dict, value) -> None:
    """`value` against `subschema`, its references resolved in the whole schema's components."""
    root = json_schema({**subschema, "components": schema["components"]})
    jsonschema_rs.Draft202012Validator(root, validate_formats=True).validate(value)


def json_schema(node):
    """OAS 3.0's `nullable: true` as JSON Schema says it: the schema, or null."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_schema(value) for key, value in node.items() if key not in {"example", "examples"}}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def media_examples(schema):
    """Every example of every answer and request body: (where, its schema, its value)."""
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for code, response in operation["responses"].items():
                for media in response.get("content", {}).values():
                    for name, example in media.get("examples", {}).items():
                        yield f"{method} {path} {code} {name}", media["schema"], example["value"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            for name, example in (body or {}).get("examples", {}).items():
                yield f"{method} {path} body {name}", body["schema"], example["value"]


def parameter_examples(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                for name, example in parameter.get("examples", {}).items():
                    yield f"{method} {path} {parameter['name']} {name}", parameter["schema"], example["value"]


@pytest.mark.django_db
def test_every_example_of_an_answer_or_a_body_matches_its_schema(schema):
    checked = list(media_examples(schema))
    for where, subschema, value in checked:
        try:
            check(schema, subschema, value)
        except Exception as error:  # noqa: BLE001 -- named in the failure
            pytest.fail(f"{where}: {error}")

    assert len(checked) >= 30


@pytest.mark.django_db
def test_every_example_of_a_parameter_matches_its_schema(schema):
    checked = list(parameter_examples(schema))
    for where, subschema, value in checked:
        try:
            check(schema, subschema, value)
        except Exception as error:  # noqa: BLE001 -- named in the failure
            pytest.fail(f"{where}: {error}")

    assert len(checked) >= 20


@pytest.mark.django_db
def test_a_wrong_example_would_be_caught(schema):
    wrong = {**examples.ORGANIZATION, "website": ""}
    organization = {"$ref": "#/components/schemas/Organization"}

    with pytest.raises(jsonschema_rs.ValidationError, match=r"\"website\"\]"):
        check(schema, organization, wrong)


@pytest.mark.django_db
def test_the_help_request_example_is_received_when_posted(client, schema):
    body = schema["paths"]["/api/v1/help-requests/"]["post"]["requestBody"]["content"]["application/json"]
    [example] = body["examples"].values()

    response = client.post("/api/v1/help-requests/", json.dumps(example["value"]), content_type="application/json")

    assert response.status_code == 201, response.content
    assert HelpRequest.objects.get().municipality.slug == examples.HELP_REQUEST["municipality"]
    check(
        schema,
        schema["paths"]["/api/v1/help-requests/"]["post"]["responses"]["201"]["content"]["application/json"]["schema"],
        response.json(),
    )
