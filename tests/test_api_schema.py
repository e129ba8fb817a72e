"""The OpenAPI schema, fuzzed by schemathesis: no generated request may get a 5xx.

Hypothesis drives each operation's strategy directly (schemathesis' lazy pytest fixture
loader does not run under pytest 9), one test per operation.
"""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from eventmill.serve.app import create_app

OPERATIONS = [
    ("GET", "/api/health"), ("GET", "/api/facets"), ("GET", "/api/events"),
    ("GET", "/api/events/{event_id}"), ("GET", "/api/stories"), ("GET", "/api/timeline"),
    ("GET", "/api/dyads"), ("GET", "/api/places"), ("POST", "/api/articles"),
]


@pytest.fixture(scope="module")
def api_schema(demo_store, coder, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("fuzz") / "store.duckdb"
    shutil.copy(demo_store, path)
    # writable, so POST /api/articles really codes what the fuzzer sends
    app = create_app(path, allow_writes=True, coder_factory=lambda: coder)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_is_fuzzed(api_schema):
    found = {(r.ok().method.upper(), r.ok().path) for r in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_no_server_errors(api_schema, method, path):
    operation = api_schema[path][method]
    examples = 15 if method == "POST" else 40

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck),
              database=None)
    def run(case):
        case.call_and_validate(checks=[not_a_server_error])

    run()
