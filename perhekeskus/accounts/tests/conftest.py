import pytest

from .people import PASSWORD, make_reader


@pytest.fixture
def worker():
    """A reader of sensitive data with a password and an address: she signs in with a second factor."""
    return make_reader("tiina", password=PASSWORD, email="tiina@example.org")
