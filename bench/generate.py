"""Fill the database Django is configured with at a given scale: `python -m bench.generate --scale small`.

Run by `python -m bench` in a fresh database (a temporary SQLite file or PostgreSQL database, renamed once
complete), so a half-generated database is never mistaken for a cached one.
"""

import argparse
import importlib
import json
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType


@dataclass
class Context:
    sizes: dict[str, int]
    rng: random.Random
    password_hash: str
    # Rows written per model, for the report and the rows/s figure.
    rows: dict[str, int] = field(default_factory=dict)
    # Figures of bench.scales produced, keyed like the scale.
    made: dict[str, int] = field(default_factory=dict)
    batch_size: int = 5_000

    def bulk(self, model, objects: list, **options) -> list:
        created = model.objects.bulk_create(objects, batch_size=self.batch_size, **options)
        label = model._meta.label
        self.rows[label] = self.rows.get(label, 0) + len(objects)
        return created

    def produced(self, key: str, count: int) -> None:
        self.made[key] = self.made.get(key, 0) + count

    @contextmanager
    def own_dates(self, *models):
        """Let the generator set `auto_now_add` fields itself: otherwise two years of content would all be
        stamped with the second of the generation, and every feed would order ties by id alone."""
        fields = [f for model in models for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
        for date_field in fields:
            date_field.auto_now_add = False
        try:
            yield
        finally:
            for date_field in fields:
                date_field.auto_now_add = True


def log(message: str) -> None:
    print(f"  [generate] {message}", flush=True)


def discover() -> tuple[list[tuple[str, ModuleType]], list[str]]:
    """The generator of every installed Parvis app, in INSTALLED_APPS order, and the apps that have none (but those
    declared to have nothing to generate)."""
    from django.apps import apps

    from bench.generators import NOTHING_TO_GENERATE

    found, missing = [], []
    for app_config in apps.get_app_configs():
        # Apps without models (core) have nothing to generate.
        if not app_config.name.startswith("parvis.") or not list(app_config.get_models()):
            continue
        if app_config.name in NOTHING_TO_GENERATE:
            continue
        label = app_config.name.split(".", 1)[1]
        module_name = f"bench.generators.{label}"
        try:
            found.append((label, importlib.import_module(module_name)))
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            missing.append(app_config.name)
    return found, missing


def generate(sizes: dict[str, int], seed: int) -> dict:
    from django.apps import apps
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench.scales import PASSWORD, PLANNED

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    log(f"migrated in {time.monotonic() - started:.1f} s")
    # One hash for every account: hashing 120,000 passwords would take longer than the rest of the generation.
    ctx = Context(sizes=sizes, rng=random.Random(seed), password_hash=make_password(PASSWORD))
    generators, without = discover()
    timings = {}
    for label, module in generators:
        ctx.rng = random.Random(f"{seed}:{label}")
        before, step_started = sum(ctx.rows.values()), time.monotonic()
        with transaction.atomic():
            module.generate(ctx)
        seconds = time.monotonic() - step_started
        written = sum(ctx.rows.values()) - before
        timings[label] = round(seconds, 1)
        log(f"{label}: {written:,} rows in {seconds:.1f} s ({written / max(seconds, 0.001):,.0f} rows/s)")
    analyse_started = time.monotonic()
    # Fresh planner statistics, as a database that has lived would have.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    log(f"analysed in {time.monotonic() - analyse_started:.1f} s")
    claimed = {key for _label, module in generators for key in getattr(module, "PRODUCES", ())}
    return {
        "seconds": round(time.monotonic() - started, 1),
        "rows": ctx.rows,
        "produced": ctx.made,
        "not_generated": {
            key: {
                "figure": sizes[key],
                "app": PLANNED.get(key),
                "installed": apps.is_installed(PLANNED[key]) if key in PLANNED else False,
            }
            for key in sizes
            if key not in claimed
        },
        "apps_without_generator": without,
        "timings": timings,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", required=True, help="JSON object of the figures to generate")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--report", required=True, help="where to write the JSON summary")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    summary = generate(json.loads(args.sizes), args.seed)
    with open(args.report, "w", encoding="utf-8") as handle:
        json.dump(summary, handle, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
