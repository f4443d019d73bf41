"""Charts for the report pages, drawn on the server as inline SVG: no script, nothing
fetched. Each function takes figures and returns SVG markup with every text escaped, named
by a ``<title>`` (``role="img"``, ``aria-labelledby``) and described, figure by figure, by
a ``<desc>`` (``aria-describedby``). The pages show the same figures in a table beside
each chart, so the chart is never the only way to read them; meaning is never carried by
colour alone (values are written beside the bars, outliers are a different shape with a
label)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

# GOV.UK palette: bars in the link blue (4.5:1 and more against white), text in black,
# outliers in the error red as well as in a shape of their own
BAR, TEXT, OUTLIER, AXIS = "#1d70b8", "#0b0c0c", "#d4351c", "#505a5f"
FONT = 14  # px, in the chart's own units
ROW = 28  # the height of one bar's row
PLOT = 420  # the width the largest value is drawn at
CHAR = 7.6  # roughly how wide a character of the label font is


@dataclass(frozen=True)
class Spread:
    """One group's spread of values: the least, the quartiles, the median, the most, and
    the values flagged as outliers."""

    label: str
    low: float
    q1: float
    median: float
    q3: float
    high: float
    outliers: Sequence[float] = field(default=())


def _text(value: str) -> str:
    """Text for an element's content or an attribute's value."""
    return escape(value, quote=True)


def _number(value: float) -> str:
    """A figure as a person reads it: without a needless ``.0``."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _frame(ident: str, title: str, description: str, width: float, height: float,
           body: list[str]) -> str:  # fmt: skip
    """The ``<svg>`` around a chart's drawing, named by its title and description."""
    ident = _text(ident)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'font-family="Arial, Helvetica, sans-serif" font-size="{FONT}">'
        f'<title id="{ident}-title">{_text(title)}</title>'
        f'<desc id="{ident}-desc">{_text(description)}</desc>' + "".join(body) + "</svg>"
    )


def _empty(ident: str, title: str) -> str:
    """A chart with nothing to draw, which says so."""
    said = "No figures to chart."
    return _frame(ident, title, said, 360, ROW + 8,
                  [f'<text x="0" y="{FONT + 4}" fill="{TEXT}">{said}</text>'])  # fmt: skip


def _label_width(labels: Sequence[str]) -> float:
    return min(320.0, max((len(label) for label in labels), default=0) * CHAR + 12)


def bar_chart(ident: str, title: str, bars: Sequence[tuple[str, float | None]], unit: str
              ) -> str:  # fmt: skip
    """A horizontal bar for each (label, value), its length in proportion to the value
    (the largest drawn ``PLOT`` wide), the value written at its end followed by ``unit``.
    A value of None is written as "no figure", with no bar; no bars at all is said."""
    if not bars:
        return _empty(ident, title)
    left = _label_width([label for label, _ in bars])
    largest = max((v for _, v in bars if v is not None and v > 0), default=0.0)
    body: list[str] = []
    for row, (label, value) in enumerate(bars):
        top = row * ROW + 4
        middle = top + ROW / 2 + FONT / 3
        body.append(f'<text x="{left - 8:.1f}" y="{middle:.1f}" text-anchor="end" '
                    f'fill="{TEXT}">{_text(label)}</text>')  # fmt: skip
        if value is None:
            body.append(f'<text x="{left:.1f}" y="{middle:.1f}" fill="{AXIS}">no figure</text>')
            continue
        length = PLOT * max(value, 0.0) / largest if largest else 0.0
        body.append(f'<rect class="bar" x="{left:.1f}" y="{top + 4:.1f}" width="{length:.3f}" '
                    f'height="{ROW - 8}" fill="{BAR}"/>')  # fmt: skip
        body.append(f'<text x="{left + length + 6:.1f}" y="{middle:.1f}" fill="{TEXT}">'
                    f"{_text(_number(value))}{_text(unit)}</text>")  # fmt: skip
    height = len(bars) * ROW + 8
    body.append(f'<line x1="{left:.1f}" y1="0" x2="{left:.1f}" y2="{height:.1f}" '
                f'stroke="{AXIS}"/>')  # fmt: skip
    description = "; ".join(
        f"{label}: {'no figure' if value is None else _number(value) + unit}"
        for label, value in bars
    )
    return _frame(ident, title, description, left + PLOT + 110, height, body)


def spread_chart(ident: str, title: str, spreads: Sequence[Spread], prefix: str = "") -> str:
    """For each group, a line from its least value to its most, a box from the first
    quartile to the third, a thick mark at the median, and each outlier as a diamond
    labelled "outlier" with its value (``prefix`` before every value written, say "£").
    All groups share one scale, from nought to the largest value."""
    if not spreads:
        return _empty(ident, title)
    left = _label_width([s.label for s in spreads])
    row_height = ROW * 2  # room under each box for the outliers' labels
    largest = max(max(s.high, *s.outliers) if s.outliers else s.high for s in spreads)
    scale = PLOT / largest if largest > 0 else 0.0

    def x(value: float) -> float:
        return left + max(value, 0.0) * scale

    body: list[str] = []
    for row, s in enumerate(spreads):
        top = row * row_height + 4
        middle = top + ROW / 2
        body.append(f'<text x="{left - 8:.1f}" y="{middle + FONT / 3:.1f}" text-anchor="end" '
                    f'fill="{TEXT}">{_text(s.label)}</text>')  # fmt: skip
        body.append(f'<line class="range" x1="{x(s.low):.2f}" y1="{middle:.1f}" '
                    f'x2="{x(s.high):.2f}" y2="{middle:.1f}" stroke="{TEXT}"/>')  # fmt: skip
        body.append(f'<rect class="box" x="{x(s.q1):.2f}" y="{top + 4:.1f}" '
                    f'width="{x(s.q3) - x(s.q1):.3f}" height="{ROW - 8}" fill="#ffffff" '
                    f'stroke="{BAR}" stroke-width="2"/>')  # fmt: skip
        body.append(f'<line class="median" x1="{x(s.median):.2f}" y1="{top + 2:.1f}" '
                    f'x2="{x(s.median):.2f}" y2="{top + ROW - 2:.1f}" stroke="{TEXT}" '
                    f'stroke-width="4"/>')  # fmt: skip
        summary = (f"median {prefix}{_number(s.median)} (from {prefix}{_number(s.low)} "
                   f"to {prefix}{_number(s.high)})")  # fmt: skip
        body.append(f'<text x="{x(s.high) + 8:.1f}" y="{middle + FONT / 3:.1f}" '
                    f'fill="{TEXT}">{_text(summary)}</text>')  # fmt: skip
        for outlier in s.outliers:
            cx, cy = x(outlier), middle
            body.append(f'<path class="outlier" d="M{cx:.2f} {cy - 7:.1f} L{cx + 7:.2f} {cy:.1f} '
                        f'L{cx:.2f} {cy + 7:.1f} L{cx - 7:.2f} {cy:.1f} Z" fill="{OUTLIER}" '
                        f'stroke="{TEXT}"/>')  # fmt: skip
            said = _text(f"outlier {prefix}{_number(outlier)}")
            body.append(f'<text x="{cx:.2f}" y="{top + ROW + FONT:.1f}" text-anchor="middle" '
                        f'fill="{TEXT}">{said}</text>')  # fmt: skip
    height = len(spreads) * row_height + 8
    description = "; ".join(
        f"{s.label}: median {prefix}{_number(s.median)}, middle half {prefix}{_number(s.q1)} "
        f"to {prefix}{_number(s.q3)}, from {prefix}{_number(s.low)} to {prefix}{_number(s.high)}"
        + (f", outliers {', '.join(prefix + _number(o) for o in s.outliers)}" if s.outliers else "")
        for s in spreads
    )
    return _frame(ident, title, description, left + PLOT + 300, height, body)
