"""Checks every feature shares: who may decide (``authority``), when a decision happened
(``timing``) and blank text (``text``). A feature's own checks are its ``rules`` module.
Each check returns the failures it finds (empty when the rule holds), each failure naming
its obligation ID and the field at fault, so a refusal can list them all.
"""
