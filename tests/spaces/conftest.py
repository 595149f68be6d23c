import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english(settings):
    """These tests read messages in English (the msgids), whatever the French catalogue says today: the point is
    that a clear message is given, and translators may reword the French one."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
