"""The interface language: user-facing strings in Norwegian bokmål (default) and English.

Every string a user can see has a key in a catalog of `facilitator/locale/` (strings
only; `locale/common.py` for the application as a whole), merged here on first use.
`t("key", name=...)` formats it in the current language. A word that depends on a count is written `{n} {n:linje|linjer}`
("1 linje", "2 linjer"). A test checks that both catalogs have exactly the same keys and
the same placeholders. Summaries may also be written in nynorsk: see the export
package, which carries its own catalog for that.
"""

from __future__ import annotations

import os
import string

LANGUAGES = ("nb", "en")
_current = "nb"


def set_language(lang: str | None) -> str:
    """Set the interface language; unknown values fall back to bokmål."""
    global _current
    _current = lang if lang in LANGUAGES else "nb"
    return _current


def get_language() -> str:
    return _current


def language_from_env() -> str | None:
    value = os.environ.get("FACILITATOR_LANG", "").strip().lower()
    return value if value in LANGUAGES else None


def t(key: str, /, **params: object) -> str:
    """The string for `key` in the current language, formatted with `params`."""
    if not _loaded:
        load_all()
    catalog = CATALOGS[_current]
    text = catalog.get(key)
    if text is None:
        text = CATALOGS["nb"].get(key, key)
    return format_text(text, **params) if params else text


class _CountFormatter(string.Formatter):
    """`{n:linje|linjer}` is the word for the count n: the first form when n is 1,
    the second otherwise (the number itself is written as `{n}`)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if value == 1 else other
        return str(super().format_field(value, format_spec))


_counts = _CountFormatter()


def format_text(text: str, /, **params: object) -> str:
    """`text.format(**params)`, with singular/plural words chosen by a count."""
    return _counts.format(text, **params) if "|" in text else text.format(**params)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def format_size(n: int) -> str:
    """"0 byte", "12 kB", "3,4 MB" in the user's language."""
    if n < 1000:
        return t("size.bytes", n=n)
    if n < 1_000_000:
        return t("size.kb", n=n // 1000)
    return t("size.mb", n=f"{n / 1_000_000:.1f}".replace(".", t("decimal")))


CATALOGS: dict[str, dict[str, str]] = {"nb": {}, "en": {}}
_loaded = False


def load_all() -> dict[str, dict[str, str]]:
    """Merge the area catalogs of `facilitator.locale` (once); returns CATALOGS."""
    global _loaded
    if _loaded:
        return CATALOGS
    import importlib
    import pkgutil

    from facilitator import locale

    for info in sorted(pkgutil.iter_modules(locale.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"facilitator.locale.{info.name}")
        for lang, table in (("nb", getattr(module, "NB", {})), ("en", getattr(module, "EN", {}))):
            clash = set(table) & set(CATALOGS[lang])
            if clash:
                raise RuntimeError(f"duplicate i18n keys in locale/{info.name}: {sorted(clash)}")
            CATALOGS[lang].update(table)
    _loaded = True
    return CATALOGS
