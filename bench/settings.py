"""Parvis's own settings plus the three baseline routes of the benchmark. Production never loads this module: the
baselines (a constant, twenty rows, one row as JSON) exist only when DJANGO_SETTINGS_MODULE=bench.settings."""

from parvis.settings import *  # noqa: F403 - the benchmark must run exactly the production configuration
from parvis.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
