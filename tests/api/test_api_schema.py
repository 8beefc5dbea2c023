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


ROLES = ("admin", "archivist", "counter_hn")


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
    """Every operation, fuzzed with the token of each role (allowed or refused alike).

    One test for all roles, on the one app of the module fixture.
    """
    schema = schemathesis.openapi.from_asgi("/openapi.json", embedded.app)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 15
    for role in ROLES:
        before = _calls(embedded)
        tried: list[str] = []
        for operation in operations:
            fuzz = _fuzzer(operation, embedded.auth(role))
            fuzz()
            tried.append(f"{operation.method.upper()} {operation.path}")
        assert "POST /v1/dossiers/{dossier_id}/components" in tried
        assert "POST /v1/dossiers/{dossier_id}/links" in tried
        assert "GET /v1/search" in tried
        assert _calls(embedded) - before >= 3 * len(operations), role  # requests were sent


def _calls(api: Api) -> float:
    counted = api.app.state.metrics.requests.collect()[0].samples
    return sum(s.value for s in counted if s.name.endswith("_total"))
