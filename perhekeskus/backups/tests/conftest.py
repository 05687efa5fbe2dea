"""Fixtures of the backup tests: databases of the suite's engine, and a pair of age keys."""

import pytest
from pyrage import x25519

from .databases import Databases


@pytest.fixture
def databases(tmp_path):
    """New databases of the suite's engine (SQLite files, or PostgreSQL databases), dropped after."""
    made = Databases(tmp_path)
    yield made
    made.drop_all()


@pytest.fixture(scope="session")
def age_key():
    """An age identity (the admins' secret key) and its recipient (the public key the server has)."""
    identity = x25519.Identity.generate()
    return str(identity), str(identity.to_public())
