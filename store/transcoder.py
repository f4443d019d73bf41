"""Events decoded with orjson: every read of every event comes through here (see
docs/decisions/0003-save-and-project-without-protocol-checks.md)."""

import json
from typing import Any

import orjson

from domain.transcodings import CareledgerTranscoder

# Each byte as "0" if it is a digit, else as a space: a run of 19 digits (may be an integer
# beyond 64 bits, or digits in a string) is then a plain substring search; a regular
# expression for the run would cost more than orjson's parse of the whole event.
DIGITS_AS_ZEROS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 for b in range(256))
LONG_INTEGER = b"0" * 19  # -9223372036854775809 and below are 19 digits


class OrjsonTranscoder(CareledgerTranscoder):
    """What orjson reads differently from the standard library (integers beyond 64 bits
    become floats; NaN and Infinity are refused) goes to the standard library's parser."""

    def parse(self, data: bytes) -> Any:
        if LONG_INTEGER not in data.translate(DIGITS_AS_ZEROS):
            try:
                return orjson.loads(data)
            except orjson.JSONDecodeError:
                pass  # NaN or Infinity, which the library's encoder can write
        return json.loads(data)
