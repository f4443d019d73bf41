"""Restricted records: a person's records that only a named list of staff may read or
decide on, whatever their role or team, as a council restricts the record of a member of
staff's relative (DESIGN-restricted).

A restriction is kept per person, not per plan: it covers every plan of theirs, those
started later too. Its values are here, its checks in ``rules.py``, its decisions and
events in ``decisions.py``; its tests are ``tests/unit/test_restricting.py`` and
``tests/e2e/test_restricting.py``.
"""

RULE = "DESIGN-restricted"
NAMED_MAX = 50  # staff named on one restriction
REASON_MAX = 1000
