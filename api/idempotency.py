"""``Idempotency-Key``: a retry of the same request gets the first answer; the same key
with a different request is refused (422)."""

from hashlib import sha256

from pydantic import BaseModel

from domain.actors import Actor
from domain.requests import RequestKey


def request_key(key: str | None, path: str, body: BaseModel, actor: Actor) -> RequestKey | None:
    """The key with a fingerprint of what was asked: the path and the validated body."""
    if key is None:
        return None
    fingerprint = sha256(f"POST {path}\n{body.model_dump_json()}".encode()).hexdigest()
    return RequestKey(key, fingerprint, actor.id)
