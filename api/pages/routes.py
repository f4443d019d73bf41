"""Every page, under ``/pages/``: each area's routes are in a module of its own."""

from fastapi import APIRouter

from api.pages import auditing, complaints, plans, queues, records, signing

router = APIRouter(prefix="/pages", include_in_schema=False)
for area in (signing, plans, records, auditing, queues, complaints):
    router.include_router(area.router)
