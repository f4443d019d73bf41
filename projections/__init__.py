"""Read models built from the event stream: work queues and compliance reports, each in
its own tables with a tracking position so it is updated exactly once and can be rebuilt.

Nothing here yet: the plan's own queries read the aggregates directly.
"""
