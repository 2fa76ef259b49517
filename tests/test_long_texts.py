"""No text length makes a screen slow: lists show one line, views at most what fits.

A meeting whose summary was 200,000 characters froze the app for over 100 s once the
meetings list reached it (its detail line cut the summary one character at a time).
Here every kind of text a user can store is 200,000 characters, written straight into
the file with sqlite3 (the forms refuse such texts), and every screen is opened on it.
The check does not time anything: it measures what the screens hand to Rich to lay
out, which must stay within what a screen can show (`MAX_SHOWN`), however long the
stored text is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from facilitator.text import MAX_SHOWN, clean, literal
from tests.conftest import make_app, settle

LONG = 200_000
# a text handed to a widget may add our own words around a user's text
BOUND = MAX_SHOWN + 200


def long_text(tag: str) -> str:
    """200,000 characters of words (so that wrapping has spaces to work with)."""
    words = f"{tag} lang tekst med ord og mellomrom "
    return (words * (LONG // len(words) + 1))[:LONG]


def lengthen(path: Path) -> None:
    """Every user text in the file becomes 200,000 characters (unique per row)."""
    columns = {
        "network": ["name", "description", "county", "advisers"],
        "gathering": ["title", "place", "notes"],
        "theme": ["name"],
        "participant": ["name"],
        "membership": ["cohort"],
        "municipalitymeeting": ["place", "summary", "decisions", "follow_ups"],
        "homework": ["title", "description"],
        "homeworkstatus": ["note"],
        "evaluationquestion": ["text_nb", "text_en"],
        "gatheringquestion": ["text_nb", "text_en"],
    }
    conn = sqlite3.connect(path)
    try:
        for table, names in columns.items():
            ids = [row[0] for row in conn.execute(f"select id from {table}")]  # noqa: S608
            for number, row_id in enumerate(ids):
                values = [long_text(f"{table}.{name}.{number}") for name in names]
                sets = ", ".join(f"{name} = ?" for name in names)
                conn.execute(f"update {table} set {sets} where id = ?",  # noqa: S608
                             (*values, row_id))
        texts = [row[0] for row in conn.execute("select id from answer where text is not null")]
        for number, row_id in enumerate(texts):
            conn.execute("update answer set text = ? where id = ?",
                         (long_text(f"comment.{number}"), row_id))
        conn.commit()
    finally:
        conn.close()


def _plain(value: object) -> str:
    if isinstance(value, Text):
        return value.plain
    if isinstance(value, Content):
        return value.plain
    return str(value)


def longest_text(screen) -> tuple[int, str]:
    """The longest text any widget of the screen was handed to show (not what is being
    edited in a field), with where it is."""
    found = (0, "")

    def seen(length: int, where: str) -> None:
        nonlocal found
        if length > found[0]:
            found = (length, where)

    for widget in screen.query("*"):
        name = f"{type(widget).__name__}#{widget.id}"
        if isinstance(widget, Input | TextArea):
            continue  # a form field holds the text to edit (the forms limit it)
        if isinstance(widget, DataTable):
            for column in widget.columns.values():
                seen(len(_plain(column.label)), name + " header")
            for row in range(widget.row_count):
                for cell in widget.get_row_at(row):
                    seen(len(_plain(cell)), f"{name} row {row}")
            for row in widget.rows.values():
                seen(len(_plain(row.label)) if row.label else 0, name + " row label")
        elif isinstance(widget, OptionList):
            for index in range(widget.option_count):
                seen(len(_plain(widget.get_option_at_index(index).prompt)), name)
        elif type(widget).__name__ == "MarkdownPreview":
            seen(max((len(line) for line in widget.shown.splitlines()), default=0), name)
        elif isinstance(widget, Static):
            seen(len(_plain(widget.render())), name)
    return found


def test_clean_looks_at_no_more_than_it_shows() -> None:
    text = long_text("x")
    for limit in (None, 30, 150):
        out = clean(text, limit=limit)
        assert len(out) <= (limit or MAX_SHOWN)
        assert out.endswith("…")
    many_lines = "linje\n" * 50_000
    assert clean(many_lines, single_line=False).count("\n") < 200
    assert len(literal(text).plain) <= MAX_SHOWN


async def _check(pilot, label: str) -> None:
    await settle(pilot)
    length, where = longest_text(pilot.app.screen)
    assert length <= BOUND, f"{label}: {where} was handed {length} characters"


async def test_every_screen_with_200000_character_texts(demo_path) -> None:
    from facilitator.store import Store

    lengthen(demo_path)
    store = Store(demo_path, auto_backup=False)
    app = make_app(store)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _check(pilot, "network list")
            await pilot.press("enter")
            await _check(pilot, "overview")
            for key, rows in (("m", 12), ("s", 6), ("k", 12), ("p", 5), ("t", 3)):
                await pilot.press(key)
                await _check(pilot, key)
                for _ in range(rows):  # every row's detail line, where the screen has one
                    await pilot.press("down")
                    await _check(pilot, f"{key}, a row further")
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("h")
            await _check(pilot, "home work")
            for _ in range(7):
                await pilot.press("down")
                await _check(pilot, "home work, a row further")
            await pilot.press("o")  # the note of the cell under the cursor
            await _check(pilot, "the note")
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("s", "up", "a")  # attendance of gathering 4
            await _check(pilot, "attendance")
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("v")
            await _check(pilot, "typed entry")
            await pilot.press("f5")
            await _check(pilot, "the responses")
            for _ in range(5):
                await pilot.press("down")
                await _check(pilot, "the responses, a row further")
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("x")
            for _ in range(500):  # the preview is built in a worker
                await settle(pilot)
                if app.screen.query_one("#export-md").shown:
                    break
            await _check(pilot, "export preview")
            await pilot.press("escape", "escape")
            await settle(pilot)
            await pilot.press("delete")  # the question names the network
            await _check(pilot, "delete dialog")
    finally:
        store.close()
