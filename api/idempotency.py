"""``Idempotency-Key``: a retry of the same request gets the first answer; the same key
with a different request is refused (422)."""

from hashlib import sha256
from typing import Annotated

from fastapi import Header
from pydantic import BaseModel

from api.schemas.common import REF_MAX_LENGTH, REF_PATTERN
from domain.actors import Actor
from domain.requests import RequestKey

IdempotencyKeyDep = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=REF_MAX_LENGTH,
        pattern=REF_PATTERN,
        description="Makes a retry safe: the same key and body get the first answer.",
    ),
]


def request_key(key: str | None, path: str, body: BaseModel, actor: Actor) -> RequestKey | None:
    """The key with a fingerprint of what was asked: the path and the validated body."""
    if key is None:
        return None
    fingerprint = sha256(f"POST {path}\n{body.model_dump_json()}".encode()).hexdigest()
    return RequestKey(key, fingerprint, actor.id)
