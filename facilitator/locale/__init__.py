"""Per-area string catalogs. Each module defines `NB` and `EN` dicts with the same keys.

`facilitator.i18n` merges every module here into its catalogs on first use, so each
screen can keep its strings in its own file.
"""
