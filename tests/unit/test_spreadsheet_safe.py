"""CSV exports (chronologies, reports) carry free text: a cell a spreadsheet would run as
a formula is written with a leading apostrophe; numbers and ordinary text are untouched."""

import csv
import io

from api.routers.read_models import as_csv
from audit.json_data import spreadsheet_safe


def test_formula_text_is_made_inert_and_the_rest_left_alone() -> None:
    for formula in ('=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"):
        assert spreadsheet_safe(formula) == "'" + formula
    for value in ("risk of abuse", "2026-03-01", "", -3.5, 0, None, "a=b"):
        assert spreadsheet_safe(value) == value


def test_a_report_row_with_a_formula_reads_back_inert() -> None:
    text = as_csv([{"plan_id": "p-1", "reasons": "=cmd|' /C calc'!A0", "days": -2}])
    (row,) = csv.DictReader(io.StringIO(text))
    assert row == {"plan_id": "p-1", "reasons": "'=cmd|' /C calc'!A0", "days": "-2"}
