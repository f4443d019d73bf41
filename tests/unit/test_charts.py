"""The report pages' charts: well-formed SVG named for assistive technology, every text
escaped, bars in proportion to their values, spreads on one scale with outliers marked
by shape and words, and nothing to chart said rather than drawn."""

import xml.etree.ElementTree as ET

from api.pages.charts import Spread, bar_chart, spread_chart

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # raises on markup that is not well-formed XML


def texts(svg: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def named(svg: ET.Element) -> tuple[str, str]:
    """The chart's name and description, as aria-labelledby and aria-describedby find them."""
    by_id = {e.attrib.get("id"): "".join(e.itertext()) for e in svg.iter()}
    return by_id[svg.attrib["aria-labelledby"]], by_id[svg.attrib["aria-describedby"]]


def test_a_bar_chart_is_an_image_named_by_its_title_and_figures() -> None:
    svg = parsed(bar_chart("t1", "Median days", [("Drafting", 3.5), ("Returned", 7.0)], " days"))

    assert svg.attrib["role"] == "img"
    title, description = named(svg)
    assert title == "Median days"
    assert description == "Drafting: 3.5 days; Returned: 7 days"
    assert svg.find(f"{SVG}title") is not None
    assert texts(svg) == ["Drafting", "3.5 days", "Returned", "7 days"]


def test_bars_are_in_proportion_to_their_values() -> None:
    svg = parsed(bar_chart("t", "t", [("a", 2.0), ("b", 8.0), ("c", 0.0), ("d", 5.0)], ""))

    widths = [float(r.attrib["width"]) for r in svg.iter(f"{SVG}rect")]

    assert len(widths) == 4
    assert widths[2] == 0
    assert widths[1] == max(widths)
    assert abs(widths[0] / widths[1] - 2 / 8) < 1e-3
    assert abs(widths[3] / widths[1] - 5 / 8) < 1e-3


def test_every_text_is_escaped_labels_ids_and_titles_alike() -> None:
    hostile = '<script>alert("x")</script> & co'
    svg_text = bar_chart('id"x', hostile, [(hostile, 1.0)], " <b>")
    svg = parsed(svg_text)

    assert "<script>" not in svg_text
    assert not list(svg.iter(f"{SVG}script"))
    assert named(svg)[0] == hostile
    assert hostile in texts(svg)
    assert "1 <b>" in texts(svg)
    assert svg.attrib["aria-labelledby"].startswith('id"x-title')


def test_a_value_missing_is_said_and_no_bars_at_all_is_said() -> None:
    missing = parsed(bar_chart("m", "Missing", [("a", None), ("b", 4.0)], " days"))
    empty = parsed(bar_chart("e", "Nothing", [], " days"))
    no_spread = parsed(spread_chart("s", "Nothing", []))

    assert "no figure" in texts(missing)
    assert len(list(missing.iter(f"{SVG}rect"))) == 1
    assert texts(empty) == ["No figures to chart."]
    assert named(empty) == ("Nothing", "No figures to chart.")
    assert texts(no_spread) == ["No figures to chart."]
    assert not list(empty.iter(f"{SVG}rect"))


def test_all_zero_bars_draw_nothing_rather_than_dividing_by_zero() -> None:
    svg = parsed(bar_chart("z", "Zero", [("a", 0.0), ("b", 0.0)], ""))
    assert [float(r.attrib["width"]) for r in svg.iter(f"{SVG}rect")] == [0.0, 0.0]


def test_a_spread_shares_one_scale_and_marks_its_outliers_by_shape_and_words() -> None:
    spreads = [
        Spread("care/community/1", 100.0, 150.0, 200.0, 250.0, 400.0, [400.0]),
        Spread("care/care_home/4+", 500.0, 600.0, 700.0, 750.0, 800.0),
    ]
    svg = parsed(spread_chart("c", "Budgets", spreads, "£"))

    boxes = [r for r in svg.iter(f"{SVG}rect") if r.attrib.get("class") == "box"]
    ranges = [ln for ln in svg.iter(f"{SVG}line") if ln.attrib.get("class") == "range"]
    outliers = [p for p in svg.iter(f"{SVG}path") if p.attrib.get("class") == "outlier"]

    assert len(boxes) == 2
    # the same scale for both: each box as wide as its middle half, in proportion
    assert abs(float(boxes[0].attrib["width"]) / float(boxes[1].attrib["width"]) - 100 / 150) < 1e-3
    # the largest value across every group is drawn furthest right
    assert float(ranges[1].attrib["x2"]) > float(ranges[0].attrib["x2"])
    assert len(outliers) == 1
    assert "outlier £400" in texts(svg)
    title, description = named(svg)
    assert title == "Budgets"
    assert "care/community/1: median £200" in description
    assert "outliers £400" in description
