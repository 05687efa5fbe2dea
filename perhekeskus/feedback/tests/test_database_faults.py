"""A feedback POST when the database cannot store it: the site's 503 with the text kept, never a 500."""

from django.test import Client
from django.urls import reverse

from perhekeskus.directory.tests.faults import TRANSACTIONAL, read_only
from perhekeskus.feedback.forms import new_form_token
from perhekeskus.feedback.models import FeedbackMessage

pytestmark = TRANSACTIONAL


def test_a_read_only_database_is_a_503_with_the_text_kept():
    client = Client(raise_request_exception=False)
    data = {"text": "Painike ei toimi näppäimistöllä.", "form_token": new_form_token()}
    with read_only():
        response = client.post(reverse("feedback:receipt"), data)
    assert response.status_code == 503
    assert "Retry-After" in response
    assert "Painike ei toimi näppäimistöllä." in response.content.decode()
    assert not FeedbackMessage.objects.exists()
    assert client.post(reverse("feedback:receipt"), data).status_code == 200  # sent again, stored once
    assert FeedbackMessage.objects.count() == 1
