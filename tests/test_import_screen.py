"""Importing evaluations in the app: from the gathering list (i), a path typed at the
field, the mapping changed from the keyboard, the dry run, skip-bad-lines, and nothing
imported twice. Driven with keys through Pilot at 80×24 and checked against the rows in
a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, DataTable, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from facilitator.screens.dialogs import ConfirmScreen
from facilitator.screens.gatherings import GatheringsScreen
from facilitator.screens.import_evaluations import ImportScreen
from facilitator.screens.import_mapping import ColumnPickScreen
from facilitator.screens.kiosk_setup import KioskSetupScreen
from tests.conftest import burst, make_app, settle

DATA = Path(__file__).parent / "data" / "import"


@pytest.fixture(autouse=True)
def _in_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths are typed relative to the sample files (short to type, as a user would)."""
    monkeypatch.chdir(DATA)


def _gathering(store, network, seq):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


def _imported(store, gathering_id) -> list:
    """The gathering's EvaluationResponse rows that came from an import."""
    return [r for r in store.evaluations.list(gathering_id) if r.source == "import"]


def _values(store, gathering_id) -> list[tuple]:
    questions = store.questions.freeze(gathering_id)
    out = []
    for r in _imported(store, gathering_id):
        row = []
        for q in questions:
            a = r.answers[q.id]
            row.append(None if a.skipped else (a.text if q.kind == "text" else a.score))
        out.append(tuple(row))
    return sorted(out, key=repr)


def _notes(app) -> list[str]:
    """Capture the app's notifications."""
    seen: list[str] = []
    notify = app.notify

    def capture(message, *args, **kwargs):
        seen.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = capture
    return seen


async def _gatherings(pilot, network, seq: int) -> GatheringsScreen:
    """The gathering list with the cursor on gathering `seq`."""
    await settle(pilot)
    pilot.app.push_screen(GatheringsScreen(network.id))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GatheringsScreen)
    index = next(i for i, r in enumerate(screen.rows) if r.seq == seq)
    screen.query_one(DataTable).move_cursor(row=index)
    return screen


async def _open_import(pilot, network, seq: int = 5) -> ImportScreen:
    await _gatherings(pilot, network, seq)
    await pilot.press("i")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    assert isinstance(pilot.app.focused, Input)  # the path field first
    return screen


async def _read(pilot, path: str | Path) -> ImportScreen:
    """Type the path into the (focused) field and press Enter."""
    screen = pilot.app.screen
    field = screen.query_one("#imp-path", Input)
    if pilot.app.focused is not field:
        await pilot.press("ctrl+o")
    await pilot.press("ctrl+a", "ctrl+k")  # clear the field from the keyboard
    assert field.value == ""
    await pilot.press(*str(path), "enter")
    await settle(pilot)
    return screen


def _field_error(screen) -> str:
    box = screen.query_one("#box-path")
    if not box.has_class("-invalid"):
        return ""
    return str(box.query_one(".field-error", Static).content)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def _mapping_cells(screen) -> dict[str, str]:
    table = screen.query_one("#imp-mapping", DataTable)
    return {str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1])
            for i in range(table.row_count)}


async def test_good_file_imports_once_and_returns_to_the_list(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = _notes(app)
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "questback_semicolon_utf8_bom.csv")
        assert _field_error(screen) == ""
        assert "UTF-8 med BOM, skilletegn semikolon, 4 linjer med svar" in _text(
            screen, "#imp-status")
        # one row per question, with the column chosen by header text
        cells = _mapping_cells(screen)
        assert cells["Relevante tema"] == "D «2. Relevante tema»"
        assert cells["(Svar-ID)"] == "A «Respondent»"
        assert cells["(Kommune)"] == "ikke koblet"
        report = _text(screen, "#imp-lines")
        assert "linje 2: ok — 4 svar" in report and "linje 5: ok — 3 svar" in report
        assert "4 linjer: 4 kan importeres, 0 med feil" in _text(screen, "#imp-summary")
        assert _imported(demo_store, g.id) == []  # the dry run wrote nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)  # back at the list
        assert notes[-1] == "4 svar importert, 0 fantes fra før."
        assert len(_imported(demo_store, g.id)) == 4

        # the same file again: every line is a duplicate, nothing is added
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ImportScreen) and screen.gathering_id == g.id
        await _read(pilot, "questback_semicolon_utf8_bom.csv")
        assert "linje 2: finnes fra før — 4 svar" in _text(screen, "#imp-lines")
        assert "0 kan importeres, 0 med feil, 4 fantes fra før" in _text(screen, "#imp-summary")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # nothing to import: it stays and says so
        assert "Ingenting nytt å importere" in _text(screen, "#imp-message")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
    assert len(_imported(demo_store, g.id)) == 4
    assert demo_store.evaluations.count(g.id) == 4


async def test_bad_line_imports_nothing_until_skip_is_ticked(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = _notes(app)
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "bad_line.csv")
        report = _text(screen, "#imp-lines")
        assert ("linje 4: feil — «Relevante tema»: «fem» er ikke et gyldig svar (1–6); "
                "«Ny kunnskap»: «4.5» er ikke et gyldig svar (1–6)") in report
        assert "4 linjer: 3 kan importeres, 1 med feil" in _text(screen, "#imp-summary")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        message = _text(screen, "#imp-message")
        assert "1 av 4 linjer har feil; ingenting er importert." in message
        assert "Hopp over linjer med feil" in message
        assert _imported(demo_store, g.id) == []
        skip = screen.query_one("#imp-skip", Checkbox)
        assert app.focused is skip and not skip.value  # the refusal points at the choice
        await pilot.press("space")
        assert skip.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        assert notes[-1] == ("3 svar importert, 0 fantes fra før, "
                             "1 linje med feil hoppet over.")
    # the good lines only: line 4 ("fem", "4.5") is not among them
    assert _values(demo_store, g.id) == sorted([
        (1, 5, 4, None), (0, 3, 3, "Kortere dager"), (1, 6, 5, None)], key=repr)


async def test_bad_paths_show_an_error_at_the_field(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await pilot.press("enter")  # nothing typed
        await settle(pilot)
        assert _field_error(screen) == "Skriv stien til filen med svarene."
        await _read(pilot, "~/finnes-ikke-svar.csv")
        expected = Path("~/finnes-ikke-svar.csv").expanduser()
        assert _field_error(screen) == f"Finner ikke filen {expected}."  # ~ expanded
        assert app.screen is screen and isinstance(app.focused, Input)
        assert screen.query_one("#imp-mapping").has_class("-hidden")
        for name, words in [("empty.csv", "er tom"),
                            ("binary.csv", "ser ikke ut som en CSV- eller Excel-fil"),
                            ("header_only.csv", "ingen linjer med svar")]:
            await _read(pilot, name)
            assert words in _field_error(screen), name
            assert "Traceback" not in _field_error(screen)
        await _read(pilot, "../import")
        assert "er en mappe" in _field_error(screen)
        # a good file clears the error; a bad one after it hides the old file's mapping
        await _read(pilot, "'netigate_comma_utf8.csv'")  # quoted, as if dragged in
        assert _field_error(screen) == ""
        assert not screen.query_one("#imp-mapping").has_class("-hidden")
        await _read(pilot, "empty.csv")
        assert "er tom" in _field_error(screen)
        assert screen.query_one("#imp-mapping").has_class("-hidden")
        await pilot.press("ctrl+s")  # nothing read: nothing imported
        await settle(pilot)
        assert app.screen is screen
    assert demo_store.evaluations.count(g.id) == 0


async def test_errors_in_english(demo_store, demo_network) -> None:
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "empty.csv")
        assert "is empty" in _field_error(screen)
        await _read(pilot, "bad_line.csv")
        assert ("line 4: error — “Relevante tema”: “fem” is not a valid answer (1–6)"
                in _text(screen, "#imp-lines"))
        assert _mapping_cells(screen)["(Municipality)"] == "not mapped"


async def test_changing_the_mapping_from_the_keyboard(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "netigate_comma_utf8.csv")
        table = screen.query_one("#imp-mapping", DataTable)
        assert app.focused is table  # on to the mapping after reading
        assert _mapping_cells(screen)["Relevante tema"] == "F «Relevant themes»"
        # "Relevante tema" (row 2) ← column G "New knowledge", typed to filter
        await pilot.press("down", "enter")
        await settle(pilot)
        pick = app.screen
        assert isinstance(pick, ColumnPickScreen)
        listing = pick.query_one(OptionList)
        assert listing.get_option_at_index(listing.highlighted).id == "5"  # F: the current
        await pilot.press(*"new", "enter")
        await settle(pilot)
        assert app.screen is screen
        cells = _mapping_cells(screen)
        assert cells["Relevante tema"] == "G «New knowledge»"
        assert cells["Ny kunnskap"] == "ikke koblet"  # the column moved, not copied
        # "Hva bør vi gjøre annerledes?" (row 4) → not mapped
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ColumnPickScreen)
        await pilot.press(*"ikke", "enter")  # filtered to the option «ikke koblet»
        await settle(pilot)
        assert _mapping_cells(screen)["Hva bør vi gjøre annerledes?"] == "ikke koblet"
        assert "linje 2: ok — 2 svar" in _text(screen, "#imp-lines")  # a new dry run
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
    # New knowledge (6, 3, 5) went to "Relevante tema"; the other two are unanswered
    assert _values(demo_store, g.id) == sorted([
        (1, 6, None, None), (0, 3, None, None), (1, 5, None, None)], key=repr)


async def test_a_doubtful_mapping_is_confirmed_first(demo_store, demo_network, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    g = _gathering(demo_store, demo_network, 5)
    monkeypatch.chdir(tmp_path)
    path = Path("tvil.csv")
    path.write_text("Forventninger;Relevante tema;Navn\nJa;5;Kari\nNei;4;Ola\n",
                    encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, path)
        notes = _text(screen, "#imp-notes")
        assert "Importeres aldri (personopplysninger): C «Navn»." in notes
        assert "kolonne A «Forventninger» passer ikke til noe spørsmål" in notes
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen
        assert _imported(demo_store, g.id) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
    assert _values(demo_store, g.id) == sorted([(None, 5, None, None), (None, 4, None, None)],
                                               key=repr)


async def test_i_and_k_on_the_gathering_list(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 4)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        listing = await _gatherings(pilot, demo_network, 4)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, ImportScreen) and app.screen.gathering_id == g.id
        assert "samling 4" in _text(app.screen, "#imp-title")
        await pilot.press("f1")
        await settle(pilot)
        assert "Importer evalueringssvar" in str(app.screen.query_one("#help-text").content)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.screen is listing
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, KioskSetupScreen) and app.screen.gathering_id == g.id
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is listing


async def _footer_fits(pilot) -> list[str]:
    keys = list(pilot.app.screen.query(FooterKey))
    palette = [k for k in keys if k.action == "app.command_palette"
               or k.action == "command_palette"]
    limit = min((k.region.x for k in palette), default=pilot.app.size.width)
    shown = [k for k in keys if k not in palette]
    assert all(k.region.right <= limit for k in shown), [
        (k.description, k.region) for k in shown]
    return [k.description for k in shown]


async def test_footers_fit_80_columns(demo_store, demo_network) -> None:
    for lang, expected in (("nb", ["Evaluering", "Importer", "Kiosk"]),
                           ("en", ["Evaluation", "Import", "Kiosk"])):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _gatherings(pilot, demo_network, 5)
            shown = await _footer_fits(pilot)
            assert all(name in shown for name in expected), shown
            await pilot.press("i")
            await settle(pilot)
            await _read(pilot, "bad_line.csv")
            await _footer_fits(pilot)


def screen_lines(app) -> list[str]:
    """The text of the screen as painted, one string per terminal line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


PROSE = "\n".join(
    f"Linje {n} av et referat: kommunene snakket om budsjett, tiltak og kvalitet i "
    "tjenestene, og om hva de skal gjøre før neste samling." for n in range(1, 50)) + "\n"


async def test_a_file_of_prose_is_refused(demo_store, demo_network, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """49 lines of prose are no CSV with 49 answers: no column matches a question."""
    g = _gathering(demo_store, demo_network, 5)
    monkeypatch.chdir(tmp_path)
    Path("referat.txt").write_text(PROSE, encoding="utf-8")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "referat.txt")
        error = _field_error(screen)
        assert "ingen kolonner passer til spørsmålene" in error, error
        assert "linjer med svar" not in _text(screen, "#imp-status")
        assert screen.query_one("#imp-mapping").has_class("-hidden")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
    assert demo_store.evaluations.count(g.id) == 0


async def test_ticking_skip_updates_the_message(demo_store, demo_network) -> None:
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "bad_line.csv")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 av 4 linjer har feil" in _text(screen, "#imp-message")
        skip = screen.query_one("#imp-skip", Checkbox)
        assert app.focused is skip
        await pilot.press("space")
        await settle(pilot)
        message = _text(screen, "#imp-message")
        assert "har feil" not in message
        assert "1 linje med feil hoppes over; Ctrl+S importerer 3 gode linjer." == message
        await pilot.press("space")  # unticked again: the refusal is back
        await settle(pilot)
        assert "1 av 4 linjer har feil; ingenting er importert." in _text(screen, "#imp-message")
        assert _imported(demo_store, g.id) == []


async def test_title_cut_with_an_ellipsis_by_the_width(demo_store, demo_network) -> None:
    from facilitator.parse import format_date

    g = _gathering(demo_store, demo_network, 4)
    full = (f"Importer svar · samling 4 · {format_date(g.date)} · "
            "Fra penger og tiltak til kvalitet og resultat")
    for size in ((80, 24), (200, 60)):
        app = make_app(demo_store)
        async with app.run_test(size=size) as pilot:
            await _open_import(pilot, demo_network, seq=4)
            await settle(pilot)
            title = screen_lines(app)[1].strip()
            if size[0] == 80:
                assert title.endswith("…") and full.startswith(title[:-1]), title
                assert not title.endswith(" …"), title
            else:
                assert title == full


def _skip_line(app) -> str:
    """The painted line with the skip box."""
    line = next(x for x in screen_lines(app) if x.lstrip().startswith("▐"))
    return line.strip()


async def test_the_skip_box_reads_on_and_off(demo_store, demo_network) -> None:
    """✓ when ticked, blank when not (the stock box shows X in both); space, Enter and
    the mouse tick it; a file with nothing to skip leaves it disabled."""
    g = _gathering(demo_store, demo_network, 5)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "questback_semicolon_utf8_bom.csv")
        skip = screen.query_one("#imp-skip", Checkbox)
        assert skip.disabled and _skip_line(app).startswith("▐ ▌ Hopp over")
        await _read(pilot, "bad_line.csv")
        assert not skip.disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.focused is skip
        assert _skip_line(app).startswith("▐ ▌ Hopp over")
        await pilot.press("space")
        await settle(pilot)
        assert skip.value and _skip_line(app).startswith("▐✓▌ Hopp over")
        await pilot.press("enter")
        await settle(pilot)
        assert not skip.value and _skip_line(app).startswith("▐ ▌ Hopp over")
        assert "1 av 4 linjer har feil" in _text(screen, "#imp-message")
        await pilot.click("#imp-skip")
        await settle(pilot)
        assert skip.value and _skip_line(app).startswith("▐✓▌ Hopp over")
        assert "hoppes over" in _text(screen, "#imp-message")
    assert _imported(demo_store, g.id) == []


async def test_tab_completes_the_path_and_otherwise_moves_on(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "forms.xlsx")
        field = screen.query_one("#imp-path", Input)
        await pilot.press("ctrl+o", "ctrl+a", "ctrl+k", "b", "a")
        await settle(pilot)
        assert field.value == "ba" and app.focused is field
        assert "bad_line.csv" in screen_lines(app)[3]  # the completion shows
        assert "Fullfør navnet" in await _footer_fits(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert field.value == "bad_line.csv" and app.focused is field
        assert field.cursor_position == len(field.value)
        assert "Fullfør navnet" not in await _footer_fits(pilot)
        await pilot.press("tab")  # nothing more to complete: on to the next field
        await settle(pilot)
        assert field.value == "bad_line.csv"
        assert app.focused is screen.query_one("#imp-mapping", DataTable)
        # the cursor inside the text: Tab moves on too, the text is left alone
        await pilot.press("ctrl+o", "end", *"x", "backspace", "backspace", "left")
        await pilot.press("ctrl+a", "ctrl+k", *"questback", "home")
        await settle(pilot)
        assert field.cursor_position == 0
        await pilot.press("tab")
        await settle(pilot)
        assert field.value == "questback" and app.focused is not field


async def test_tab_completes_before_the_suggestion_shows(demo_store, demo_network,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Typed fast (or in a slow folder), Tab comes before the suggester's answer: it
    completes all the same, as a shell does."""
    import asyncio

    from facilitator.screens.import_path import PathSuggester

    slow = PathSuggester.get_suggestion

    async def slow_suggestion(self, value: str) -> str | None:
        await asyncio.sleep(0.5)
        return await slow(self, value)

    monkeypatch.setattr(PathSuggester, "get_suggestion", slow_suggestion)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        field = screen.query_one("#imp-path", Input)
        burst(app, "f", "o", "tab", "enter")
        await settle(pilot)
        assert field.value == "forms.xlsx"
        assert "forms.xlsx: Excel-ark" in _text(screen, "#imp-status")


@pytest.mark.parametrize("lang", ["nb", "en"])
async def test_one_and_two_lines_are_counted_right(demo_store, demo_network, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   lang: str) -> None:
    """'1 linje', '2 linjer' (and '1 line', '2 lines') in every message of the screen."""
    g = _gathering(demo_store, demo_network, 5)
    monkeypatch.chdir(tmp_path)
    header = ("Svarte samlingen til forventningene?;Relevante tema;Ny kunnskap;"
              "Hva bør vi gjøre annerledes?\n")
    Path("one.csv").write_text(header + "Ja;fem;;\n", encoding="utf-8")
    Path("two.csv").write_text(header + "Ja;5;;\nNei;sju;;\n", encoding="utf-8")
    nb = lang == "nb"
    app = make_app(demo_store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        notes = _notes(app)
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, "one.csv")
        assert _text(screen, "#imp-status").endswith(
            "1 linje med svar." if nb else "1 line with answers.")
        assert _text(screen, "#imp-summary").startswith(
            "1 linje: 0 kan importeres, 1 med feil" if nb
            else "1 line: 0 can be imported, 1 with errors")
        skip = screen.query_one("#imp-skip", Checkbox)
        assert skip.disabled  # no good line: nothing to import by skipping
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _text(screen, "#imp-message") == (
            "1 av 1 linje har feil; ingenting er importert. Rett linjene i filen og les "
            "den på nytt med Ctrl+R." if nb else
            "1 of 1 line has errors; nothing was imported. Correct the lines in the file "
            "and read it again with Ctrl+R.")
        await _read(pilot, "two.csv")
        assert _text(screen, "#imp-status").endswith(
            "2 linjer med svar." if nb else "2 lines with answers.")
        assert _text(screen, "#imp-summary").startswith("2 linjer: 1 kan importeres" if nb
                                                        else "2 lines: 1 can be imported")
        assert ("linje 2: ok — 2 svar" if nb else "line 2: ok — 2 answers") in _text(
            screen, "#imp-lines")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _text(screen, "#imp-message").startswith(
            "1 av 2 linjer har feil;" if nb else "1 of 2 lines has errors;")
        await pilot.press("space")
        await settle(pilot)
        assert _text(screen, "#imp-message") == (
            "1 linje med feil hoppes over; Ctrl+S importerer 1 god linje." if nb else
            "1 line with errors is skipped; Ctrl+S imports 1 good line.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
        assert notes[-1] == ("1 svar importert, 0 fantes fra før, 1 linje med feil hoppet "
                             "over." if nb else "1 response imported, 0 already imported, "
                             "1 line with errors skipped.")
    assert len(_imported(demo_store, g.id)) == 1


def test_completion_takes_the_name_as_it_is_on_disk() -> None:
    """'BAD' completes to the file bad_line.csv (not 'BAD_line.csv', which is not there);
    a folder gets its slash, a name typed in full has nothing to complete."""
    from facilitator.screens.import_path import PathSuggester

    assert PathSuggester._complete("BAD") == "bad_line.csv"
    assert PathSuggester._complete("../imp") == "../import/"
    assert PathSuggester._complete("./for") == "./forms.xlsx"
    assert PathSuggester._complete("forms.xlsx") == "forms.xlsx"


async def _tick_skip_and_type_over_the_path(pilot, screen, key: str) -> Input:
    """The user test: the skip box ticked from the keyboard, Shift+Tab back into the
    path field (which selects the whole path) and one key typed over it."""
    app = pilot.app
    skip = screen.query_one("#imp-skip", Checkbox)
    await pilot.press("tab", "tab")
    assert app.focused is skip
    await pilot.press("space")
    assert skip.value
    field = screen.query_one("#imp-path", Input)
    for _ in range(4):
        await pilot.press("shift+tab")
        if app.focused is field:
            break
    assert app.focused is field and field.selected_text == field.value
    await pilot.press(key)
    await settle(pilot)
    return field


async def test_ctrl_s_after_the_path_was_typed_over_says_what_to_do(demo_store,
                                                                   demo_network) -> None:
    """A path that no longer names the file read marks its dry run stale at once, and
    Ctrl+S says at the field what to do (never nothing); nothing is imported."""
    g = _gathering(demo_store, demo_network, 1)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network, seq=1)
        await _read(pilot, "bad_line.csv")
        assert "3 kan importeres" in _text(screen, "#imp-summary")
        field = await _tick_skip_and_type_over_the_path(pilot, screen, "x")
        assert field.value == "x"
        # stale at once: no "3 kan importeres", no ticked box nor Import button shown
        stale = "Stien er endret: trykk Enter for å lese filen på nytt."
        assert _text(screen, "#imp-status") == stale
        assert screen.query_one("#imp-summary").has_class("-hidden")
        assert screen.query_one("#imp-actions").has_class("-hidden")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen and app.focused is field
        assert _field_error(screen) == stale
        assert field.value == "x"  # not read behind the user's back
        await pilot.press("backspace", "ctrl+s")
        await settle(pilot)
        assert _field_error(screen) == "Skriv stien til filen med svarene."
        assert _imported(demo_store, g.id) == []
        # the path typed back: the dry run is that file's again, and imports
        await pilot.press(*"bad_line.csv")
        await settle(pilot)
        assert _field_error(screen) == ""
        assert not screen.query_one("#imp-actions").has_class("-hidden")
        assert "bad_line.csv: UTF-8" in _text(screen, "#imp-status")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GatheringsScreen)
    assert len(_imported(demo_store, g.id)) == 3


async def test_ctrl_s_with_no_file_read_says_so(demo_store, demo_network) -> None:
    """Every early return of Ctrl+S says why: a path typed but not read, in English."""
    g = _gathering(demo_store, demo_network, 1)
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network, seq=1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _field_error(screen) == "Type the path of the file with the answers."
        await pilot.press(*"bad_line.csv", "ctrl+s")
        await settle(pilot)
        assert _field_error(screen) == "The file has not been read yet: press Enter to read it."
        await pilot.press("enter")
        await settle(pilot)
        field = await _tick_skip_and_type_over_the_path(pilot, screen, "x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.focused is field
        assert _field_error(screen) == (
            "The path has changed: press Enter to read the file again.")
        await _read(pilot, "empty.csv")  # a failed read: its error stays at Ctrl+S
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is empty" in _field_error(screen)
    assert _imported(demo_store, g.id) == []


# --------------------------------------------------------------------------- big and hostile files


async def test_files_past_the_limits_are_refused_at_the_path_field(demo_store, demo_network,
                                                                   tmp_path: Path,
                                                                   monkeypatch) -> None:
    """The limits' messages show at the path field, naming what the file had."""
    from tests.test_hostile_files import csv_columns, csv_lines, xlsx_far_cell

    monkeypatch.chdir(tmp_path)  # short names to type
    csv_columns(tmp_path / "bred.csv", 501)
    xlsx_far_cell(tmp_path / "langt-unna.xlsx")
    csv_lines(tmp_path / "lang.csv", 50_001)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        for name, words in [("bred.csv", "har 501 kolonner på linje 1; grensen er 500."),
                            ("langt-unna.xlsx", "har en verdi i celle XFD1048576"),
                            ("lang.csv", "har 50\u00a0001 linjer med svar; grensen er "
                                         "50\u00a0000.")]:
            await _read(pilot, name)
            assert words in _field_error(screen), name
            assert screen.query_one("#imp-mapping").has_class("-hidden")
            assert isinstance(app.focused, Input)


async def test_keys_go_on_while_a_file_is_read(demo_store, demo_network, monkeypatch) -> None:
    """The file is read in a worker: while it is being read (held here until the test
    has typed), keys are handled."""
    import threading

    from facilitator.importers import preparing

    reading, typed = threading.Event(), threading.Event()
    released: list[bool] = []
    real = preparing.read_table

    def held(path):
        reading.set()
        released.append(typed.wait(10))  # False: the keys waited for the read
        return real(path)

    monkeypatch.setattr(preparing, "read_table", held)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await pilot.press(*"forms.xlsx", "enter")
        assert reading.wait(10)
        assert "Leser forms.xlsx" in _text(screen, "#imp-status")
        await pilot.press("f1")  # the help opens while the file is read
        assert app.screen is not screen
        await pilot.press("escape")
        typed.set()
        await settle(pilot)
        assert app.screen is screen
        assert released == [True]
        assert "4 linjer: 4 kan importeres" in _text(screen, "#imp-summary")


async def test_a_read_overtaken_by_a_newer_one_is_never_shown(demo_store, demo_network,
                                                             monkeypatch) -> None:
    """A file read while another is still being read: the first (held here until the
    second is shown) is dropped, its error as well as its table."""
    import threading

    from facilitator.importers import preparing

    reading, release, finished = threading.Event(), threading.Event(), threading.Event()
    real = preparing.read_table

    def held(path):
        if path.name != "binary.csv":
            return real(path)
        reading.set()
        release.wait(10)
        try:
            return real(path)  # refused: not a table
        finally:
            finished.set()

    monkeypatch.setattr(preparing, "read_table", held)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await pilot.press(*"binary.csv", "enter")
        assert reading.wait(10)
        await _read(pilot, "forms.xlsx")
        assert "4 linjer: 4 kan importeres" in _text(screen, "#imp-summary")
        release.set()
        assert finished.wait(10)
        await settle(pilot)
        assert "4 linjer: 4 kan importeres" in _text(screen, "#imp-summary")
        assert _field_error(screen) == ""
        assert not screen.query_one("#imp-mapping").has_class("-hidden")


async def test_a_dry_run_of_many_bad_lines_lists_a_thousand(demo_store, demo_network,
                                                            tmp_path: Path,
                                                            monkeypatch) -> None:
    """3,000 bad lines: the dry run lists 1,000 (made in the worker, with the plan), and
    counts the rest; the keys are not held while it is shown."""
    import threading

    from facilitator.screens import import_evaluations

    made_in: list[bool] = []
    real = import_evaluations.dry_run_report

    def report(plan):
        made_in.append(threading.current_thread() is threading.main_thread())
        return real(plan)

    monkeypatch.chdir(tmp_path)
    path = Path("feil.csv")
    path.write_text("Relevante tema;Ny kunnskap\n" + "fem;4\n" * 3000, encoding="utf-8")
    monkeypatch.setattr(import_evaluations, "dry_run_report", report)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network)
        await _read(pilot, path)
        lines = _text(screen, "#imp-lines").splitlines()
        assert len(lines) == 1001
        assert lines[0].startswith("✗ linje 2: feil")
        assert lines[-1] == "… og 2000 linjer til (ikke vist), 2000 av dem med feil."
        assert "3000 linjer: 0 kan importeres, 3000 med feil" in _text(screen, "#imp-summary")
        assert made_in == [False]


async def test_the_dry_run_warns_of_completion_times(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_import(pilot, demo_network, seq=2)
        await _read(pilot, "forms.xlsx")
        summary = _text(screen, "#imp-summary")
        assert summary.startswith("4 linjer: 4 kan importeres")
        assert "Obs: 4 av 4 svar er fullført 15.12.2026" in summary
        assert "dager etter samlingen" in _text(screen, "#imp-lines")
