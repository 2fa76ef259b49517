"""Every user-facing string exists in both languages, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from facilitator.i18n import CATALOGS, load_all, placeholders, set_language, t

PACKAGE = Path(__file__).resolve().parents[1] / "facilitator"
# t("area.key" ...), and any literal "key.x" / "help.x" (bindings, HELP_KEY)
KEY_USE = re.compile(
    r"""\bt\(\s*["']([a-z_]+(?:\.[a-zA-Z0-9_]+)+)["']|["']((?:key|help)\.[a-zA-Z0-9_.]+)["']"""
)
DYNAMIC_PREFIXES = ("role.", "gkind.", "homework.state.", "mkind.", "qkind.")


def test_both_languages_have_the_same_keys() -> None:
    load_all()
    nb, en = CATALOGS["nb"], CATALOGS["en"]
    assert sorted(set(nb) - set(en)) == []
    assert sorted(set(en) - set(nb)) == []


def test_placeholders_agree() -> None:
    load_all()
    wrong = [k for k in CATALOGS["nb"] if placeholders(CATALOGS["nb"][k])
             != placeholders(CATALOGS["en"][k])]
    assert wrong == []


def test_no_empty_strings() -> None:
    load_all()
    for lang, table in CATALOGS.items():
        assert [k for k, v in table.items() if not v.strip()] == [], lang


def test_every_key_used_in_code_exists() -> None:
    load_all()
    missing = set()
    for path in PACKAGE.rglob("*.py"):
        if "locale" in path.parts:
            continue
        for groups in KEY_USE.findall(path.read_text("utf-8")):
            key = groups[0] or groups[1]
            if key not in CATALOGS["nb"]:
                missing.add(f"{path.name}: {key}")
    assert sorted(missing) == []


def test_enum_values_are_translated() -> None:
    from facilitator import domain

    load_all()
    pairs = [("role.", domain.Role), ("gkind.", domain.GatheringKind),
             ("homework.state.", domain.HomeWorkState), ("mkind.", domain.MeetingKind),
             ("qkind.", domain.QuestionKind)]
    for prefix, enum in pairs:
        for member in enum:
            assert prefix + member.value in CATALOGS["nb"]
            assert prefix + member.value in CATALOGS["en"]


def test_language_switch() -> None:
    set_language("en")
    assert t("role.ordforer") == "Mayor"
    set_language("nb")
    assert t("role.ordforer") == "Ordfører"
    set_language("xx")  # unknown falls back to bokmål
    assert t("role.ordforer") == "Ordfører"


async def test_textual_widget_keys_speak_the_language(demo_store, demo_network) -> None:
    """An open drop-down list shows its key in the footer in Norwegian, not Textual's
    English "Dismiss menu"."""
    from textual.widgets import Footer, Select

    from facilitator.screens.gathering_form import GatheringForm
    from tests.conftest import make_app, settle

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(GatheringForm(demo_network.id))
        await settle(pilot)
        app.screen.query_one("#kind", Select).focus()
        await pilot.press("enter")  # opens the list
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        keys = " ".join(str(item.render()) for item in footer.query("FooterKey"))
        assert "Lukk listen" in keys
        assert "Dismiss" not in keys


def test_counts_read_as_words_not_brackets() -> None:
    """"1 kommune(r) · 1 aktive deltaker(e)": a count takes its own word form."""
    catalogs = load_all()
    set_language("nb")
    try:
        assert t("members.count", municipalities=1, active=1) == "1 kommune · 1 aktiv deltaker"
        assert t("members.count", municipalities=7, active=30) == (
            "7 kommuner · 30 aktive deltakere")
        assert t("members.people", count=1) == "1 deltaker"
        assert t("export.done", count=1) == "1 fil skrevet i denne mappen:"
        set_language("en")
        assert t("members.count", municipalities=1, active=2) == (
            "1 municipality · 2 active participants")
        assert t("networks.count", count=1) == "1 network"
    finally:
        set_language("nb")
    # a word with a count in brackets, "kommune(r)", "file(s)", is left nowhere
    import re

    bracketed = re.compile(r"\{\w+\}[^{}]*\w\((?:r|e|er|s|ies)\)")
    left = [key for lang in ("nb", "en") for key, text in catalogs[lang].items()
            if bracketed.search(text)]
    assert left == []
