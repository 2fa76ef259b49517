"""The store's rooms: one small class per aggregate, reached from the `Store` facade
(`store.questions.freeze(...)`). With `facilitator/store.py` (the facade, the engines,
the sessions and the retry rules) and `models.py`/`migrations/` they are the only code
that talks SQL. Each module is imported when a `Store` opens, after the ORM is loaded:
the first screen never pays for them. Two need no ORM: `files` (the database file,
through dbfile.py and backups.py) and `first_screen` (read before the store opens).
"""
