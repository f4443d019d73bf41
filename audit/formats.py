"""The forms a chronology is given in, over HTTP and by the command line (a module of its
own: the command line names them before it loads anything else)."""

from enum import StrEnum


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    HTML = "html"  # to print
    PDF = "pdf"
