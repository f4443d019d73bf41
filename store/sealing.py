"""Events stored with their personal fields sealed (KEEP-2): the library's mapper, with
the fields ``personal_fields`` names taken out of the event's state, encoded together and
encrypted with AES-256-GCM under the data key of the person the stream is about. The
stored state keeps the skeleton in plain text beside one ``sealed`` entry:
``{"key": key id, "data": base64(nonce || ciphertext)}``. The ciphertext is bound to the
event's place (its stream, version and topic), so it cannot be moved to another event.

Read back, the fields are opened with the key; once the key is destroyed each reads as
``ERASED``. The stored bytes never change, so the integrity record, which hashes them,
verifies before and after. Events stored before sealing, or of no one, are read as they
are.
"""

import base64
import os
from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Any, cast
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

from domain.errors import RecordsErased
from domain.personal_data import ERASED, personal_fields, subject_of
from store.data_keys import NONCE_BYTES, DataKeys

SEALED = "sealed"


def place_of(originator_id: UUID, version: int, topic: str) -> bytes:
    """What a sealed entry is bound to: its event's stream, version and topic."""
    return originator_id.bytes + version.to_bytes(8, "big") + topic.encode()


class SealingMapper(Mapper[UUID]):
    def __init__(self, base: Mapper[UUID], keys: DataKeys) -> None:
        super().__init__(base.transcoder, compressor=base.compressor, cipher=base.cipher)
        self.keys = keys

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        cls = type(domain_event)
        topic = get_topic(cls)
        state = dict(vars(domain_event))
        originator_id: UUID = state.pop("originator_id")
        version: int = state.pop("originator_version")
        if (class_version := getattr(cls, "class_version", 1)) > 1:
            state["class_version"] = class_version
        fields = personal_fields(cls)
        if fields or version == 1:  # a stream's first event names whose it is
            key_id = self._key_id(domain_event, originator_id, version)
            if fields and key_id is not None:
                place = place_of(originator_id, version, topic)
                state = self._sealed(state, fields, key_id, originator_id, place)
        stored = self.transcoder.encode(state)
        if self.compressor:
            stored = self.compressor.compress(stored)
        if self.cipher:
            stored = self.cipher.encrypt(stored)
        return StoredEvent(originator_id=originator_id, originator_version=version,
                           topic=topic, state=stored)  # fmt: skip

    def _key_id(self, event: Any, stream_id: UUID, version: int) -> str | None:
        """The key the stream is sealed under, bound when its first event is stored (from
        whose it is: a person, or the plan it belongs to). None: no one's, or a stream
        recorded before sealing, which stays as it was."""
        if version > 1:
            return self.keys.stream_key_id(stream_id, settled=True)
        subject = subject_of(event)
        if isinstance(subject, UUID):
            key_id = self.keys.stream_key_id(subject)
            if key_id is not None and self.keys.key(key_id) is None:
                return None  # a read of an erased plan: nothing of theirs left to seal
        elif subject is not None:
            key_id = self.keys.person_key_id(subject, datetime.now(UTC))
        else:
            return None
        if key_id is None:
            return None
        return self.keys.bind(stream_id, key_id)  # the key it was bound to first, if raced

    def _sealed(self, state: dict[str, Any], fields: tuple[str, ...], key_id: str,
                stream_id: UUID, place: bytes) -> dict[str, Any]:  # fmt: skip
        key = self.keys.key(key_id)
        if key is None:  # new personal data of an erased person's stream
            raise RecordsErased(stream_id)
        # a field with nothing in it says nothing of anyone, and after an erasure still
        # tells an empty field from an erased one
        personal = {name: state.pop(name) for name in fields if state.get(name) is not None}
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, self.transcoder.encode(personal), place)
        state[SEALED] = {"key": key_id, "data": base64.b64encode(nonce + sealed).decode()}
        return state

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """The library's, with the sealed fields opened (or erased) before any upcaster
        runs, so upcasters see every field."""
        cls = resolve_topic(stored_event.topic)
        stored = stored_event.state
        try:
            if self.cipher:
                stored = self.cipher.decrypt(stored)
            if self.compressor:
                stored = self.compressor.decompress(stored)
            state: dict[str, Any] = self.transcoder.decode(stored)
        except Exception as error:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic "
                f"'{stored_event.topic}', originator_id '{stored_event.originator_id}' "
                f"and originator_version {stored_event.originator_version}: {error}"
            ) from error
        sealed = state.pop(SEALED, None)
        if sealed is not None:
            state.update(self._opened(sealed, stored_event, cls, state))
        state["originator_id"] = find_id_convertor(
            cls, cast(Hashable, type(stored_event.originator_id))
        )(stored_event.originator_id)
        state["originator_version"] = stored_event.originator_version
        from_version = state.pop("class_version", 1)
        while from_version < getattr(cls, "class_version", 1):
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        event = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return cast(DomainEventProtocol[UUID], event)

    def _opened(self, sealed: dict[str, Any], stored: StoredEvent, cls: type,
                state: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
        key = self.keys.key(str(sealed["key"]))
        if key is None:  # each field sealed (one left in the state was empty) erased
            return dict.fromkeys([f for f in personal_fields(cls) if f not in state], ERASED)
        data = base64.b64decode(sealed["data"])
        place = place_of(cast(UUID, stored.originator_id), stored.originator_version,
                         stored.topic)  # fmt: skip
        try:
            opened = AESGCM(key).decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], place)
        except Exception as error:
            raise MapperDeserialisationError(
                f"the sealed fields of {stored.topic} {stored.originator_id} "
                f"v{stored.originator_version} do not open: {type(error).__name__}"
            ) from error
        personal: dict[str, Any] = self.transcoder.decode(opened)
        return personal
