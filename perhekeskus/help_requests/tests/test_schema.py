"""The declared schema of the help-request sections agrees with the models it fills."""

from perhekeskus.help_requests import schema
from perhekeskus.help_requests.models import UrgencyTerm


def test_urgency_terms_are_declared_for_every_language_of_the_model():
    languages = [code for code, _ in UrgencyTerm._meta.get_field("language").choices]
    assert list(schema.UrgencyTerms.model_fields) == languages
    assert schema.UrgencyTerms.UNKNOWN == f"unknown language (use {', '.join(languages)})"
