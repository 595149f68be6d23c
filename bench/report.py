"""The one table of a benchmark run, and the comparison with the last run at the other scale."""

import json
from pathlib import Path

from .scales import SCALES

BASELINE_CONSTANT = "baseline: constant"
BASELINE_ROWS = "baseline: 20 rows"
BASELINE_PK = "baseline: JSON by pk"
# The API's one-object reads, compared with the JSON-by-primary-key baseline in the `/api-pk` column.
API_OBJECT = "api object"


def sizes_line(sizes: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in sizes.items())


def attach_comparison(run: dict, results_dir: Path) -> None:
    """Add to each row the p50 of the same URL in the latest run of the same database at the other scale. A run with
    overridden figures (scale "smallx") is compared with nothing: its data is neither scale."""
    if run["scale"] not in SCALES:
        return
    for other in SCALES:
        if other == run["scale"]:
            continue
        # The name's timestamp sorts the runs in time; the same scale with overrides ("fullx-") does not match.
        previous = sorted(results_dir.glob(f"{other}-{run['db']}-*.json"))
        if not previous:
            continue
        old = json.loads(previous[-1].read_text())
        by_key = {(row["name"], row["who"]): row for row in old["results"]}
        for row in run["results"]:
            match = by_key.get((row["name"], row["who"]))
            if match:
                row["other_scale"] = {
                    "scale": other,
                    "timestamp": old["timestamp"],
                    "p50_ms": match["p50_ms"],
                    "p99_ms": match["p99_ms"],
                    "requests_per_s": match["requests_per_s"],
                    "queries": match["queries"],
                }


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.2f}" if base else "-"


def _growth(run: dict, row: dict) -> tuple[str, str]:
    """("p50 other" cell, "full/small" cell): the p50 at full scale divided by the p50 at small scale, whichever of the
    two this run is."""
    other = row.get("other_scale")
    if not other:
        return "-", "-"
    small, full = (row["p50_ms"], other["p50_ms"]) if run["scale"] == "small" else (other["p50_ms"], row["p50_ms"])
    return f"{other['p50_ms']:.1f} ({other['scale']})", f"x{full / small:.2f}" if small else "-"


def render(runs: list[dict], skipped: dict[str, str]) -> str:
    header = [
        "db",
        "page",
        "who",
        "SQL",
        "SQL ms",
        "req/s",
        "p50 ms",
        "p99 ms",
        "/const",
        "/rows",
        "/api-pk",
        "p50 other",
        "full/small",
    ]
    lines = []
    for run in runs:
        rates = {row["name"]: row["requests_per_s"] for row in run["results"] if row["kind"] == "baseline"}
        for row in run["results"]:
            other_cell, growth = _growth(run, row)
            lines.append(
                [
                    run["db"],
                    row["name"],
                    row["who"],
                    "-" if row["queries"] is None else str(row["queries"]),
                    "-" if row.get("sql_ms") is None else f"{row['sql_ms']:.1f}",
                    f"{row['requests_per_s']:.0f}",
                    f"{row['p50_ms']:.1f}",
                    f"{row['p99_ms']:.1f}",
                    _ratio(row["requests_per_s"], rates.get(BASELINE_CONSTANT)),
                    _ratio(row["requests_per_s"], rates.get(BASELINE_ROWS)),
                    _ratio(row["requests_per_s"], rates.get(BASELINE_PK))
                    if row["kind"] == API_OBJECT or row["name"] == BASELINE_PK
                    else "",
                    other_cell,
                    growth + ("" if not row["errors"] else f" ({row['errors']} errors!)"),
                ]
            )
        lines.append(None)
    widths = [max(len(header[i]), *(len(line[i]) for line in lines if line)) for i in range(len(header))]
    numeric = {3, 4, 5, 6, 7, 8, 9, 10}

    def fmt(cells):
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "-" * len(fmt(header))
    first = runs[0]
    load = first["load"]
    out = [
        f"Parvis benchmark, scale {first['scale']} ({sizes_line(first['sizes'])})",
        f"load: {load['tool']}, {load['connections']} connections, {load['duration_s']:g} s per URL; "
        f"gunicorn {load['gunicorn_workers']} sync workers, DEBUG=0; commit {first['commit']}",
        rule,
        fmt(header),
        rule,
    ]
    out += [fmt(line) if line else rule for line in lines]
    for run in runs:
        generation = run["generation"]
        rows = sum(generation["rows"].values())
        state = "reused from cache" if generation.get("cached") else f"generated in {generation['seconds']:.0f} s"
        out.append(f"{run['db']}: database {state}, {rows:,} rows ({sizes_line(generation['produced'])})")
    missing = {key: info for key, info in first["not_generated"].items() if not info["installed"]}
    if missing:
        out.append(
            "NOT GENERATED, their app does not exist yet: "
            + "; ".join(f"{info['figure']:,} {key.replace('_', ' ')} ({info['app']})" for key, info in missing.items())
        )
    waiting = {key: info for key, info in first["not_generated"].items() if info["installed"]}
    if waiting:
        out.append(
            "NOT GENERATED although their app is installed (add bench/generators/<app>.py): "
            + "; ".join(f"{info['figure']:,} {key.replace('_', ' ')} ({info['app']})" for key, info in waiting.items())
        )
    without = first["generation"].get("apps_without_generator")
    if without:
        out.append("WARNING: installed apps without a generator in bench/generators/: " + ", ".join(without))
    for run in runs:
        viral = run.get("viral")
        if not viral:
            continue
        best = viral["highest_held"]
        check = viral["check"]
        out.append(
            f"{run['db']}: viral evening, highest rate held with p99 < 1 s: "
            + (
                f"{best['views_per_s']:.0f} views/s + {best['rsvps_per_s']:.0f} RSVPs/s (p99 {best['p99_ms']:.0f} ms)"
                if best
                else "none"
            )
            + f"; steps tried {len(viral['steps'])}, up to {viral['steps'][-1]['views_per_s']:.0f} views/s; "
            f"{check['acknowledged']} answers checked, {check['lost']} lost, {check['duplicated']} duplicated, "
            f"{check['going_rows']}/{check['capacity']} going, {check['waiting_rows']} waiting"
        )
    for db, reason in skipped.items():
        out.append(f"*** {db} SKIPPED: {reason} ***")
    out.append(
        "/const, /rows and /api-pk: the page's req/s divided by the baselines served by the same gunicorn in the same "
        "run (compare these across machines, not req/s); /api-pk for the API's one-object reads only. SQL and SQL ms: "
        "queries of one warm request and their time; the slowest one and its plan are in the JSON (slowest_query)."
    )
    return "\n".join(out)
