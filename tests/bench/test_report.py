"""The benchmark's table: the ratios to the baselines and the full/small growth column that the targets of the
performance work are read from."""

import json

from bench import report


def _row(name, who="anonymous", kind="page", rate=10.0, p50=100.0):
    return {
        "name": name,
        "who": who,
        "kind": kind,
        "queries": 3,
        "sql_ms": 1.5,
        "requests_per_s": rate,
        "p50_ms": p50,
        "p99_ms": p50 * 2,
        "errors": 0,
    }


def _run(scale, rows, timestamp="20260101T000000Z"):
    return {
        "scale": scale,
        "db": "sqlite",
        "timestamp": timestamp,
        "commit": "abc",
        "sizes": {"inhabitants": 6000},
        "generation": {"rows": {}, "produced": {}, "seconds": 1, "cached": True},
        "not_generated": {},
        "load": {"tool": "python", "duration_s": 2, "connections": 16, "gunicorn_workers": 4},
        "results": rows,
    }


def test_growth_column_is_full_p50_over_small_p50_whichever_ran_last(tmp_path):
    (tmp_path / "full-sqlite-20260101T000000Z.json").write_text(json.dumps(_run("full", [_row("agenda", p50=300.0)])))
    small = _run("small", [_row("agenda", p50=100.0), _row("agenda", who="inhabitant", p50=50.0)])
    report.attach_comparison(small, tmp_path)
    table = report.render([small], {})
    agenda_line = next(line for line in table.splitlines() if " agenda " in line and "anonymous" in line)
    assert "300.0 (full)" in agenda_line
    assert "x3.00" in agenda_line
    # No full-scale figure for the signed-in agenda: nothing invented.
    assert "other_scale" not in small["results"][1]


def test_run_with_overridden_sizes_is_compared_with_no_scale(tmp_path):
    (tmp_path / "full-sqlite-20260101T000000Z.json").write_text(json.dumps(_run("full", [_row("agenda")])))
    overridden = _run("smallx", [_row("agenda")])
    report.attach_comparison(overridden, tmp_path)
    assert "other_scale" not in overridden["results"][0]


def test_api_one_object_reads_are_divided_by_the_json_by_pk_baseline():
    rows = [
        _row(report.BASELINE_CONSTANT, kind="baseline", rate=1000.0),
        _row(report.BASELINE_ROWS, kind="baseline", rate=200.0),
        _row(report.BASELINE_PK, kind="baseline", rate=400.0),
        _row("api event", kind="api object", rate=100.0),
        _row("agenda", rate=100.0),
    ]
    table = report.render([_run("small", rows)], {})
    event_line = next(line for line in table.splitlines() if "api event" in line)
    agenda_line = next(line for line in table.splitlines() if " agenda " in line)
    assert "0.25" in event_line  # 100 / 400
    assert "0.25" not in agenda_line  # a page has no /api-pk ratio
