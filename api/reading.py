"""Reading a read model from a request: waiting (briefly, on the event loop) until it has
reached a position, and reading it in a worker thread."""

import time
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import anyio
from fastapi import Request

from api.errors import PositionNotRecorded, ReadModelBehind
from projections.runner import Projections

T = TypeVar("T")


async def caught_up(request: Request, projections: Projections, name: str,
                    after: int | None) -> None:  # fmt: skip
    """Returns once the read model has reached ``after`` (if given). It waits on the event
    loop, holding no thread, so reads that wait do not keep others waiting."""
    if after is None:
        return
    runner = projections.runner(name)
    if after > (top := await anyio.to_thread.run_sync(runner.top)):
        raise PositionNotRecorded(after, top)
    deadline = time.monotonic() + request.app.state.settings.read_your_writes_seconds
    while (position := await anyio.to_thread.run_sync(runner.view.position)) < after:
        if time.monotonic() >= deadline:
            raise ReadModelBehind(name, after, position)
        projections.wake()
        await anyio.sleep(0.02)


async def read(work: Callable[..., T], *args: Any) -> T:
    """A read of a view, in a worker thread."""
    return await anyio.to_thread.run_sync(partial(work, *args))


async def caught_up_on_its_own(request: Request, projections: Projections, name: str) -> None:
    """Returns once the read model has every event *it follows* that was recorded when the
    request arrived: at once if it has (reads logged since, say, do not hold it up);
    503 (read-model-behind) if it cannot get there in time."""
    runner = projections.runner(name)
    if await anyio.to_thread.run_sync(runner.unseen) is None:
        return
    top = await anyio.to_thread.run_sync(runner.top)
    await caught_up(request, projections, name, top)
