"""The work-queue and report pages over HTTP, against a real server on each store: a
session needed and the API's roles kept, an item made by driving a worked example shown
in its queue with its age, paged, and the reports' figures in tables and charts, the
same figures as the API's; every read logged in the access log as over the API."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.demo.cases import CASES
from projections.queues import QUEUES
from tests.e2e.conftest import Api, actor_headers, running_server
from tests.e2e.test_pages import sign_in
from tests.e2e.test_worked_examples import drive

pytestmark = pytest.mark.e2e

MANAGER = ("staff-5001", "line_manager")
AUDITOR = ("staff-3001", "auditor")


@dataclass
class Served:
    api: Api
    base_url: str
    plans: list[str]  # worked examples' plans, driven to sign-off
    position: int  # the log's position once they were

    def get(self, path: str, actor: tuple[str, str] = MANAGER, **params: Any) -> Any:
        answer = self.api.http.get(path, params={"after": self.position, **params},
                                   headers=actor_headers(actor))  # fmt: skip
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Served]:  # fmt: skip
    with running_server(request.param, tmp_path_factory.mktemp("queue-pages"),
                        request) as server:  # fmt: skip
        api = Api(server.base_url)
        plans = [drive(api, case)[0] for case in CASES[:2]]
        position = int(api.http.get("/readyz").json()["position"])
        yield Served(api, server.base_url, plans, position)
        api.http.close()


@pytest.fixture
def browser(served: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.base_url, timeout=60) as client:
        yield client


def manager(browser: httpx.Client) -> httpx.Client:
    assert sign_in(browser, *MANAGER).status_code == 303
    return browser


def queue_of(served: Served, plan_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The first queue the plan has items in, by the API, and its items there."""
    for queue in QUEUES:
        items: list[dict[str, Any]] = served.get(f"/queues/{queue}", plan=plan_id)["items"]
        if items:
            return queue, items
    raise AssertionError(f"plan {plan_id} is in no queue")


def rows_of(html: str, plan_id: str) -> list[str]:
    """The table rows that link to the plan's timeline."""
    return [r for r in re.findall(r"<tr>.*?</tr>", html, re.S)
            if f"/pages/plans/{plan_id}/timeline" in r]  # fmt: skip


def body_rows(html: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", html.split("<tbody>")[1], re.S)


def numbers_in(row: str) -> list[str]:
    return re.findall(r'<td class="numeric">([^<]*)</td>', row)


def reads_by(served: Served, reader: str, what: str) -> dict[int, set[tuple[Any, ...]]]:
    """Each logged read of ``what`` by ``reader``, by its position: the plans it named,
    with their detail and purpose."""
    rows = served.api.http.get("/audit/access", params={"reader": reader, "limit": 500},
                               headers=actor_headers(AUDITOR)).json()["rows"]  # fmt: skip
    found: dict[int, set[tuple[Any, ...]]] = {}
    for r in rows:
        if r["what"] == what:
            found.setdefault(int(r["position"]), set()).add(
                (r["plan_id"], r["detail"], r["purpose"], r["role"])
            )
    return found


PAGES = ("/pages/queues", "/pages/queues/reviews", "/pages/reports")


@pytest.mark.parametrize("path", PAGES)
def test_each_page_sends_a_reader_without_a_session_to_sign_in(
    browser: httpx.Client, path: str
) -> None:
    sent = browser.get(path)
    assert (sent.status_code, sent.headers["location"]) == (303, f"/pages/sign-in?then={path}")


@pytest.mark.parametrize(("path", "refused", "api_path"), [
    ("/pages/queues", ("staff-3001", "auditor"), "/queues"),
    ("/pages/queues/reviews", ("staff-3001", "auditor"), "/queues/reviews"),
    ("/pages/reports", ("staff-1001", "practitioner"), "/reports/timeliness"),
])  # fmt: skip
def test_a_role_the_api_refuses_is_refused_the_page(
    served: Served, browser: httpx.Client, path: str, refused: tuple[str, str], api_path: str
) -> None:
    sign_in(browser, *refused)
    over_the_api = served.api.http.get(api_path, headers=actor_headers(refused))

    shown = browser.get(path)

    assert over_the_api.status_code == 403
    assert shown.status_code == 403
    assert "DESIGN-roles" in shown.text


def test_the_queues_page_counts_each_queue_as_the_api_does(
    served: Served, browser: httpx.Client
) -> None:
    counts = served.get("/queues")["queues"]

    shown = manager(browser).get("/pages/queues")

    assert shown.status_code == 200, shown.text
    for queue in QUEUES:
        [row] = [r for r in re.findall(r"<tr>.*?</tr>", shown.text, re.S)
                 if f'href="/pages/queues/{queue}"' in r]  # fmt: skip
        assert numbers_in(row) == [str(counts[queue])]
    assert shown.text.count("<h1>") == 1


def test_a_worked_examples_item_is_in_its_queue_page_with_its_age_and_the_read_is_logged(
    served: Served, browser: httpx.Client
) -> None:
    plan_id = served.plans[0]
    queue, items = queue_of(served, plan_id)
    served.get(f"/queues/{queue}", limit=500)  # the same read over the API, logged

    shown = manager(browser).get(f"/pages/queues/{queue}", params={"limit": "500"})

    assert shown.status_code == 200, shown.text
    rows = rows_of(shown.text, plan_id)
    assert [numbers_in(row) for row in rows] == [[str(i["age_days"])] for i in items]
    assert [("Overdue" in row) for row in rows] == [bool(i["overdue"]) for i in items]
    assert all(f"<td>{i['team']}</td>" in row for row, i in zip(rows, items, strict=True))
    # logged just as the API logged the same read: the plans shown, who, in what role,
    # and no purpose (none is asked for a list)
    logged = reads_by(served, MANAGER[0], f"queue {queue}")
    over_the_api, on_the_page = (logged[p] for p in sorted(logged)[-2:])
    assert on_the_page == over_the_api
    assert (plan_id, None, None, "line_manager") in on_the_page


def test_a_queue_is_paged_by_links_oldest_or_soonest_due_first(
    served: Served, browser: httpx.Client
) -> None:
    queue, _ = queue_of(served, served.plans[0])
    everything = served.get(f"/queues/{queue}", limit=500)
    assert everything["total"] >= 2  # both worked examples wait in it
    order = [str(i["plan_id"]) for i in everything["items"]]

    first = manager(browser).get(f"/pages/queues/{queue}", params={"limit": "1"})
    after = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert after is not None, first.text
    second = browser.get(after.group(1).replace("&amp;", "&"))
    before = re.search(r'<a rel="prev" href="([^"]+)"', second.text)

    assert len(body_rows(first.text)) == len(body_rows(second.text)) == 1
    assert f"/pages/plans/{order[0]}/timeline" in body_rows(first.text)[0]
    assert f"/pages/plans/{order[1]}/timeline" in body_rows(second.text)[0]
    assert f"Items 2 to 2 of {everything['total']}" in second.text
    assert before is not None
    assert "offset=0" in before.group(1)


def test_an_unknown_queue_is_not_found(browser: httpx.Client) -> None:
    assert manager(browser).get("/pages/queues/no-such-queue").status_code == 404


def test_the_reports_page_charts_and_tables_the_apis_figures_and_logs_each_read(
    served: Served, browser: httpx.Client
) -> None:
    timeliness = served.get("/reports/timeliness")
    consistency = served.get("/reports/consistency")
    served.get("/reports/compliance")
    plan_id = served.plans[0]

    shown = manager(browser).get("/pages/reports")

    assert shown.status_code == 200, shown.text
    html = shown.text
    assert len(re.findall(r'<svg [^>]*role="img"[^>]*aria-labelledby="', html)) >= 2
    assert "<script" not in html
    assert html.count("<caption>") >= 3
    for team, summaries in timeliness["by_team"].items():
        assert f"<caption>Days in each state, {team}</caption>" in html
        whole = summaries["end_to_end"]
        assert (f'<th scope="row">Start to sign-off</th><td class="numeric">{whole["count"]}'
                f'</td><td class="numeric">{whole["median"]}</td>') in html  # fmt: skip
        assert f"Start to sign-off: {whole['median']:,.2f}".rstrip("0").rstrip(".") in html
    assert any(p["plan_id"] == plan_id for p in timeliness["plans"])
    assert len(rows_of(html.split('id="consistency"')[0].split("Each plan")[1], plan_id)) == 1
    for profile in consistency["profiles"]:
        assert (
            f'<th scope="row">{profile["profile"]}</th><td class="numeric">'
            f'{profile["count"]}</td><td class="numeric">£{profile["min"]}</td>'
        ) in html
        assert f'<td class="numeric">£{profile["median"]}</td>' in html
    # each report's read logged just as the API's read of it just before was
    for report in ("timeliness", "consistency", "compliance"):
        logged = reads_by(served, MANAGER[0], f"report {report}")
        over_the_api, on_the_page = (logged[p] for p in sorted(logged)[-2:])
        assert on_the_page == over_the_api
    assert (plan_id, None, None, "line_manager") in on_the_page_of(served, "timeliness")


def on_the_page_of(served: Served, report: str) -> set[tuple[Any, ...]]:
    logged = reads_by(served, MANAGER[0], f"report {report}")
    return logged[max(logged)]


def test_a_period_filters_the_reports_and_a_day_not_written_out_is_asked_again(
    browser: httpx.Client,
) -> None:
    manager(browser)
    long_ago = browser.get("/pages/reports", params={"from": "1990-01-01", "to": "1990-12-31"})
    not_a_day = browser.get("/pages/reports", params={"from": "last week"})
    backwards = browser.get("/pages/reports", params={"from": "2026-02-01", "to": "2026-01-01"})

    assert long_ago.status_code == 200, long_ago.text
    assert "No plan was first signed off in the period." in long_ago.text
    assert "From 1990-01-01 to 1990-12-31" in long_ago.text
    assert not_a_day.status_code == 422
    assert '<a href="#from">From: write a day' in not_a_day.text
    assert 'aria-invalid="true"' in not_a_day.text
    assert backwards.status_code == 422
    assert '<a href="#to">To: the last day' in backwards.text
