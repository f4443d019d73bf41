"""The OpenAPI document: every refusal an endpoint can give, as problem+json."""

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from api.schemas.common import DecisionPublic

REF_TEMPLATE = "#/components/schemas/{model}"


class FieldError(BaseModel):
    obligation: str | None
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with Careledger's extensions where they apply."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[FieldError] | None = None
    obligations: list[str] | None = None
    obligation: str | None = None


_WHY = {
    400: "Malformed JSON or header",
    401: "No valid bearer token",
    403: "The role may not do this",
    404: "No such plan or version",
    409: "Not allowed in the plan's state, or the plan has moved on",
    413: "The body is too large",
    422: "A rule is broken or the body is invalid",
    428: "If-Match is required",
    503: "The event store is unavailable; retry after Retry-After seconds",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {
            "description": _WHY[status],
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        for status in statuses
    }


COMMAND_PROBLEMS = problems(400, 401, 403, 404, 409, 413, 422, 428, 503)
START_PROBLEMS = problems(400, 401, 403, 413, 422, 503)
READ_PROBLEMS = problems(400, 401, 403, 404, 422, 503)


def install_openapi(
    app: FastAPI, bodies: Sequence[type[BaseModel]], operations: dict[str, dict[str, Any]]
) -> None:
    """Adds to the generated document the problem schemas and the operations that are
    not FastAPI's (the decisions, with their bodies and answer)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in (FieldError, Problem):
                components[model.__name__] = model.model_json_schema(
                    ref_template="#/components/schemas/{model}"
                )
            _add_bodies(components, bodies)
            components["DecisionPublic"] = DecisionPublic.model_json_schema(
                ref_template=REF_TEMPLATE, mode="serialization"
            )
            paths = schema.setdefault("paths", {})
            for path, methods in operations.items():
                paths[path] = {**methods, **paths.get(path, {})}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_bodies(components: dict[str, Any], bodies: Sequence[type[BaseModel]]) -> None:
    """The bodies' schemas and those they use, as requests (validation) see them."""
    _, schemas = models_json_schema(
        [(model, "validation") for model in bodies], ref_template=REF_TEMPLATE
    )
    for name, schema in schemas.get("$defs", {}).items():
        known = components.setdefault(name, schema)
        if known != schema:
            raise ValueError(f"two schemas named {name} in the OpenAPI document")
