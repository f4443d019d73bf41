"""Read models built from the event stream: work queues and the plan facts behind the
compliance reports, each in its own tables with a tracking position so it is updated
exactly once, in batches, and can be rebuilt from the first event."""
