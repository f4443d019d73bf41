"""A chronology as a PDF for a complaint file (fpdf2, with its built-in fonts: nothing is
fetched). The same rows as the printable HTML, landscape A4, headings repeated on each
page, each page numbered ("Page 2 of 5"), times in UTC and labelled so."""

from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

from audit.chronology import Chronology, plain_rows

# (heading, width in mm, how a row's cell reads)
COLUMNS: tuple[tuple[str, float, str], ...] = (
    ("Happened (UTC)", 27, "occurred_at"),
    ("Recorded (UTC)", 27, "recorded_at"),
    ("Days since", 16, "days_since_previous"),
    ("Plan version", 15, "plan_version"),
    ("Decision", 95, "summary"),
    ("Who", 32, "who"),
    ("Authority level", 22, "authority_level"),
    ("Told", 22, "told"),
    ("Right to complain", 21, "complaint"),
)


CELL_MAX = 600  # characters a cell shows: a row must fit on a page
TYPOGRAPHY = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'",
                            "\u201c": '"', "\u201d": '"', "\u2026": "..."})  # fmt: skip


def _latin1(text: str) -> str:
    """Text as a cell shows it: on one line, at most ``CELL_MAX`` characters, in Latin-1
    (the built-in fonts' characters; anything else is shown as ``?``)."""
    text = " ".join(text.split())
    if len(text) > CELL_MAX:
        text = text[: CELL_MAX - 3] + "..."
    return text.translate(TYPOGRAPHY).encode("latin-1", "replace").decode("latin-1")


def _cells(row: dict[str, Any]) -> dict[str, str]:
    told = ""
    if row["to_be_told"]:
        told = f"{row['to_be_told']}, {row['told_at'][:10]}" if row["told_at"] else (
            f"{row['to_be_told']}: not yet told")  # fmt: skip
    complaint = ""
    if row["right_to_complain_due"]:
        complaint = "told" if row["right_to_complain_explained"] else "NOT RECORDED"
    who = f"{row['actor_id']} ({str(row['role']).replace('_', ' ')})"
    return {
        "occurred_at": str(row["occurred_at"])[:16].replace("T", " "),
        "recorded_at": str(row["recorded_at"])[:16].replace("T", " ")
        + (" (later)" if row["backdated"] else ""),
        "days_since_previous": "" if row["days_since_previous"] is None
        else str(row["days_since_previous"]),
        "plan_version": str(row["plan_version"]),
        "summary": f"{row['summary']} [{row['integrity']}]",
        "who": who + (f" for {row['on_behalf_of']}" if row["on_behalf_of"] else ""),
        "authority_level": str(row["authority_level"] or ""),
        "told": told,
        "complaint": complaint,
    }  # fmt: skip


class _Numbered(FPDF):
    """Each page numbered at its foot, out of the whole: a page printed or filed alone
    still says where it belongs."""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("helvetica", size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def as_pdf(chronology: Chronology, purpose: str | None = None) -> bytes:
    """The chronology as a PDF; titled with the purpose it was produced for, if given."""
    pdf = _Numbered(orientation="landscape", format="A4")
    named = f"Chronology: {chronology.subject}" + (f", for {purpose}" if purpose else "")
    pdf.set_title(_latin1(named))
    pdf.set_creator("Careledger")
    pdf.set_auto_page_break(auto=True, margin=14)  # room for the page number
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=14)
    pdf.cell(text=_latin1(named), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(0, text=_latin1(_heading(chronology)), align="L", new_x="LMARGIN",
                   new_y="NEXT")  # fmt: skip
    pdf.ln(2)
    pdf.set_font("helvetica", size=7.5)
    with pdf.table(col_widths=tuple(w for _, w, _ in COLUMNS), text_align="LEFT",
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
                   line_height=3.6) as table:  # fmt: skip
        heading = table.row()
        for title, _, _ in COLUMNS:
            heading.cell(title)
        for row in plain_rows(chronology):
            cells = _cells(row)
            line = table.row()
            for _, _, key in COLUMNS:
                line.cell(_latin1(cells[key]))
    return bytes(pdf.output())


def _heading(chronology: Chronology) -> str:
    made = f"Produced {chronology.generated_at.isoformat()} from the decision record. "
    said = chronology.coverage()
    if chronology.altered:
        said += " SOME DECISIONS DID NOT VERIFY: their stored record has been altered."
    return made + said
