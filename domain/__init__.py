"""The decisions a local authority makes on care and support plans, carers' support
plans and personal budgets, as event-sourced aggregates with pure rules beside them.

Imports nothing from the web, database or logging layers: only ``eventsourcing``.
"""
