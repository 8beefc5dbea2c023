"""Schemathesis fuzzes every operation of /openapi.json: no 5xx, every answer matches the schema."""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from api_helpers import Api
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
    status_code_conformance,
]
EXAMPLES_PER_OPERATION = 8


def _who(method: str, path: str) -> str:
    if path.startswith(("/v1/tokens", "/v1/audit")):
        return "admin"
    if path.startswith("/v1/dossiers") and method.upper() == "POST":
        return "counter_hn"
    return "archivist"


def _fuzzer(operation: schemathesis.APIOperation, headers: dict[str, str]) -> Callable[[], None]:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return fuzz  # type: ignore[no-any-return]


def test_fuzzed_requests_get_no_5xx_and_answers_match_the_schema(embedded: Api) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", embedded.app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 14
    tried: list[str] = []
    for operation in operations:
        fuzz = _fuzzer(operation, embedded.auth(_who(operation.method, operation.path)))
        fuzz()
        tried.append(f"{operation.method.upper()} {operation.path}")
    assert "POST /v1/dossiers/{dossier_id}/components" in tried
    assert "GET /v1/search" in tried
    counted = embedded.app.state.metrics.requests.collect()[0].samples
    calls = sum(s.value for s in counted if s.name.endswith("_total"))
    assert calls >= 3 * len(operations), calls  # the fuzzer really sent requests
