"""A plan's pages: its timeline, each entry marked verified against a signed checkpoint
or not yet, and two of its versions side by side. The record opens only once the reader
has stated why, which the access log keeps with the read, as over the API."""

import contextlib
import json
from typing import Any
from uuid import UUID

import anyio
from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.errors import ReadModelBehind
from api.pages.common import answered, ask_purpose, in_utc, opened, page
from api.reading import caught_up_on_its_own
from api.routers.plan_queries import READERS
from api.schemas.views import PlanPublic
from api.tenants import tenant_of
from audit.checkpoints import Signer
from audit.chronology import Checked
from audit.person_records import chronology_of, plan_steps
from audit.versions import diff

MARKS = {Checked.VERIFIED: "Verified", Checked.NOT_YET_CHECKPOINTED: "Not yet checkpointed",
         Checked.ALTERED: "ALTERED", Checked.UNPLACED: "Not yet placed"}  # fmt: skip

router = APIRouter()


def timeline_action(plan_id: UUID) -> str:
    return f"/pages/plans/{plan_id}/timeline"


@router.get("/plans/timeline")
async def plan_asked_for(request: Request, plan: str = "") -> Response:
    """The start page's form: the plan's timeline page, by its id."""
    try:
        return RedirectResponse(timeline_action(UUID(plan.strip())), status_code=303)
    except ValueError:
        return page(request, "problem.html.j2", 422, why="A plan id is a UUID.")


@router.get("/plans/{plan_id}/timeline")
async def plan_purpose_page(request: Request, plan_id: UUID) -> Response:
    """The purpose asked for; nothing of the record is shown, nor logged, yet."""

    async def make() -> Response:
        await ask_purpose(request, READERS, timeline_action(plan_id), "timeline", [plan_id],
                          opens="timeline")  # fmt: skip

    return await answered(request, make)


@router.post("/plans/{plan_id}/timeline")
async def plan_timeline_page(request: Request, plan_id: UUID) -> Response:
    """The timeline, for the purpose the form gives (kept in the access log with the
    read), filtered to one kind of decision if asked."""

    async def make() -> Response:
        form, stated, access = await opened(request, READERS, timeline_action(plan_id),
                                            "timeline", [plan_id], opens="timeline")  # fmt: skip
        planning, kind = tenant_of(request).planning, form.get("kind", "")
        projections = tenant_of(request).projections
        with contextlib.suppress(ReadModelBehind):  # shown from the store all the same
            await caught_up_on_its_own(request, projections, "decision_log")
        log = projections.runner("decision_log").view
        steps, person_ref = await anyio.to_thread.run_sync(plan_steps, planning, log, plan_id)
        signer: Signer = tenant_of(request).audit_signer
        found = await anyio.to_thread.run_sync(
            chronology_of, planning, tenant_of(request).checkpoint_log, signer.public_pem(),
            f"plan {plan_id}", steps)  # fmt: skip
        await access.read_async("timeline page", [plan_id], person_ref)
        kinds = sorted({s.type for s in steps})
        rows = [(in_utc(s), MARKS[c]) for s, c in zip(found.steps, found.checked, strict=True)
                if not kind or s.type == kind]  # fmt: skip
        latest = max((s.plan_version for s in steps), default=1)
        return page(request, "timeline.html.j2", plan_id=plan_id, person_ref=person_ref,
                    purpose=stated, rows=rows, kinds=kinds, kind=kind, chronology=found,
                    latest=latest)  # fmt: skip

    return await answered(request, make)


@router.post("/plans/{plan_id}/versions")
async def plan_versions_page(request: Request, plan_id: UUID) -> Response:
    """What changed in the plan and its budget between two versions, side by side (the
    purpose carried from the timeline, and the read logged with it)."""

    async def make() -> Response:
        form, stated, access = await opened(request, READERS, timeline_action(plan_id), "diff",
                                            [plan_id], opens="timeline")  # fmt: skip
        planning = tenant_of(request).planning
        latest = (await anyio.to_thread.run_sync(planning.plan, plan_id)).version
        old, new = _version(form.get("from"), 1, latest), _version(form.get("to"), latest, latest)
        old, new = min(old, new), max(old, new)
        before, after = await anyio.to_thread.run_sync(
            lambda: (PlanPublic.at(planning, plan_id, old), PlanPublic.at(planning, plan_id, new))
        )
        await access.read_async("versions page", [plan_id], after.person_ref, f"{old}..{new}")
        changes = diff(before.model_dump(mode="json"), after.model_dump(mode="json"))
        return page(request, "versions.html.j2", plan_id=plan_id, person_ref=after.person_ref,
                    purpose=stated, old=old, new=new, latest=latest,
                    changes=[(c, shown(c.before), shown(c.after)) for c in changes])  # fmt: skip

    return await answered(request, make)


def _version(given: str | None, default: int, latest: int) -> int:
    """A version of the plan asked for by a form: within 1..latest, else ``default``."""
    try:
        version = int(given or "")
    except ValueError:
        return default
    return version if 1 <= version <= latest else default


def shown(value: Any) -> str:
    """A value of the plan as the page shows it: text as it is, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, indent=1, ensure_ascii=False)
