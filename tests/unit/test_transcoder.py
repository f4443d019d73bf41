"""The transcoder's fast decoding gives exactly what the library's own JSON decoding
(with its object hook) gives, for every event of whole plan lives."""

from typing import Any

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from domain.application import CarePlanning
from domain.transcodings import CareledgerTranscoder, as_tuples, register_transcodings
from store.transcoder import OrjsonTranscoder
from tests.lives import care_plan_life, direct_payment_life, self_funder_life


class LibraryDecoding(JSONTranscoder):
    """The library's decoder with its object hook, each object's lists made tuples before
    it is decoded, and the whole made tuples afterwards: the reference."""

    def decode(self, data: bytes) -> Any:
        return as_tuples(super().decode(data))

    def _decode_obj(self, d: dict[str, Any]) -> Any:
        return super()._decode_obj(as_tuples(d))


def test_decoding_every_event_of_whole_lives_matches_the_librarys_decoder(
    planning: CarePlanning,
) -> None:
    for life in (care_plan_life, direct_payment_life, self_funder_life):
        life(planning)
    reference = LibraryDecoding()
    register_transcodings(reference)
    ours = planning.mapper.transcoder
    assert isinstance(ours, CareledgerTranscoder)
    service = OrjsonTranscoder()
    register_transcodings(service)
    stored = planning.recorder.select_notifications(start=None, limit=10_000)
    assert len({n.topic for n in stored}) > 30
    for notification in stored:
        expected = reference.decode(notification.state)
        assert ours.decode(notification.state) == expected
        assert service.decode(notification.state) == expected


def test_lists_come_back_as_tuples_and_objects_innermost_first() -> None:
    transcoder = CareledgerTranscoder()
    register_transcodings(transcoder)
    data = b'{"a":[1,[2,{"b":[3]}]],"when":{"_type_":"date_iso","_data_":"2026-11-23"}}'
    decoded = transcoder.decode(data)
    assert decoded["a"] == (1, (2, {"b": (3,)}))
    assert str(decoded["when"]) == "2026-11-23"


def test_an_unregistered_name_is_refused() -> None:
    transcoder = CareledgerTranscoder()
    with pytest.raises(TranscodingNotRegisteredError, match=r"careledger\.Nothing"):
        transcoder.decode(b'{"_type_":"careledger.Nothing","_data_":{}}')


@pytest.mark.parametrize(
    "data",
    [b'{"n":18446744073709551616,"m":-9223372036854775809}', b'{"m":-9223372036854775809}',
     b'{"x":NaN,"y":[Infinity]}', b'{"ref":"person-123456789012345678901234"}'],
    ids=["integers beyond 64 bits", "a negative one of 19 digits", "NaN and Infinity",
         "a long run of digits in a string"],
)  # fmt: skip
def test_what_orjson_reads_differently_is_read_as_the_library_reads_it(data: bytes) -> None:
    ours = OrjsonTranscoder()
    reference = LibraryDecoding()
    decoded, expected = ours.decode(data), reference.decode(data)
    assert repr(decoded) == repr(expected)  # exact: 2**64 must not come back as a float
