"""Keep nbval away from the learner copies.

``pytest --nbval-lax exercises`` runs the sources with their solutions; the learner copies
made by ``make exercises`` have none and are tested separately (tests/exercises).
"""

collect_ignore_glob = ["learner/*"]
