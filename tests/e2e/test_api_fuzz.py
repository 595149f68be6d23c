"""The public API fuzzed by schemathesis against the live demo, signed in with a personal access token of the demo
inhabitant: whatever the input, no 5xx, and every answer (status, content type, headers, body) is what
/api/v1/openapi.json documents. Hostile values are mixed in by fuzz_hooks.py: NUL bytes, strings longer than any
column, integers past 64 bits, dates far outside 1900-2100. `make test` runs a few examples per operation;
`make fuzz` runs many more (PARVIS_FUZZ_EXAMPLES) with stateful sequences (PARVIS_FUZZ_PHASES)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .instance import HANG_GUARD_S, INHABITANT

pytestmark = pytest.mark.e2e

CHECKS = [
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
]
EXAMPLES = int(os.environ.get("PARVIS_FUZZ_EXAMPLES", "10"))
PHASES = os.environ.get("PARVIS_FUZZ_PHASES", "examples,coverage,fuzzing")
# A fixed seed in `make test`, so that a failure comes back on the next run; `make fuzz` may set another.
SEED = os.environ.get("PARVIS_FUZZ_SEED", "20260")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
HOOKS = Path(__file__).with_name("fuzz_hooks.py")


@pytest.fixture(scope="module")
def token(instance) -> str:
    output = instance.manage(
        "shell",
        "-c",
        "from parvis.accounts.models import User; from parvis.accounts.services import api_token_create; "
        f"print(api_token_create(user=User.objects.get(email='{INHABITANT}'), name='fuzzer', scope='write')[1])",
    )
    return output.strip().splitlines()[-1]


def test_every_api_answer_is_documented_and_none_is_a_server_error(instance, token, tmp_path):
    assert token.startswith("pvs_"), token
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{instance.url}/api/v1/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        ",".join(CHECKS),
        "--max-examples",
        str(EXAMPLES),
        "--phases",
        PHASES,
        "--seed",
        SEED,
        # One worker: Python 3.11's ast module is not thread-safe, and hypothesis parses lambdas while generating
        # ("SystemError: AST constructor recursion depth mismatch" with two workers).
        "--workers",
        "1",
        # Schemathesis gives up on an answer after 10 s by default: a loaded machine is slow, not wrong. This only
        # turns a hang into a failure.
        "--request-timeout",
        str(HANG_GUARD_S),
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    # No time limit on the run: it takes what a loaded machine needs.
    environment = {**os.environ, "SCHEMATHESIS_HOOKS": str(HOOKS)}
    result = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True)  # noqa: S603
    output = result.stdout + result.stderr
    # Guards the check: a schema that failed to load, or a run that tested nothing, must not pass.
    assert "Tested:" in output, output[-3000:]
    assert result.returncode == 0, (
        f"schemathesis found problems:\n{output[-15000:]}\nserver log:\n{instance.log_tail()}"
    )
