import pytest


@pytest.fixture(autouse=True)
def _every_test(english):
    """Every test reads messages in English (tests/conftest.py)."""
