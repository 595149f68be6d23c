"""Dependencies are pinned with hashes, installed from the lock, and never below the releases that fixed the
published vulnerabilities of Django, django-allauth and Pillow."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
# The first releases past the advisories known when the bounds were set (5.2.x: its latest security release).
FIXED = {"django": "5.2.19", "django-allauth": "65.19.4", "pillow": "12.3.0"}


def locked() -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text().replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", line))
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(spec) for spec in project["dependencies"] + project["optional-dependencies"]["dev"]]


def test_every_locked_package_is_pinned_with_a_hash():
    pins = locked()
    assert len(pins) > 30
    assert all(hashes for _version, hashes in pins.values())


def test_the_lock_holds_every_declared_dependency_dev_extras_included_within_its_bounds():
    pins = locked()
    for requirement in declared():
        name = requirement.name.lower()
        assert name in pins, f"{name} is missing from requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name][0]), f"{name} {pins[name][0]} is outside {requirement}"
    assert "setuptools" in pins  # the build back-end, so that installing Parvis itself fetches nothing


def test_lower_bounds_are_past_the_published_vulnerabilities():
    bounds = {r.name.lower(): r.specifier for r in declared()}
    for name, fixed in FIXED.items():
        lowest = min(Version(spec.version) for spec in bounds[name] if spec.operator in (">=", "=="))
        assert lowest >= Version(fixed), f"{name} may install {lowest}, below {fixed}"


def test_make_install_installs_the_lock_with_hashes_and_the_project_without_dependencies():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes --no-deps -r $(LOCK)" in makefile
    assert "--no-deps --no-build-isolation -e ." in makefile
    assert re.search(r"^lock:", makefile, re.MULTILINE)
