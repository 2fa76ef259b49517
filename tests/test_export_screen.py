"""The export screen from the keyboard: cycle, language, formats, recipients, the files.

Every flow is driven with keys through Pilot, like a user at an 80×24 terminal, and
checked against what ends up on disk (the default folder under XDG_DOCUMENTS_DIR, which
the autouse fixture points at a temporary folder).
"""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static
from textual.widgets._footer import FooterKey

from facilitator.export import writer
from facilitator.screens.export import ExportScreen, wrap_path
from facilitator.widgets.tickbox import TickBox
from tests.conftest import TODAY, make_app, settle

FORMAT_IDS = ("fmt-md", "fmt-html", "fmt-xlsx", "fmt-csv", "fmt-eml")
TITLE_4 = "Oppsummering ROBEK-nettverk Nord – samling 4 (20.10.2026)"
TITLE_3 = "Oppsummering ROBEK-nettverk Nord – samling 3 (25.08.2026)"


# ---------------------------------------------------------------------- helpers


def _out_dir(tmp_path: Path, network: str = "robek-nettverk-nord") -> Path:
    """The default export folder of a network (XDG_DOCUMENTS_DIR is set by conftest)."""
    return tmp_path / "xdg-docs" / "facilitator" / network


def _files(folder: Path) -> list[str]:
    """Every file under `folder`, relative, sorted (the CSV files are in a subfolder)."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


async def _open(pilot) -> ExportScreen:
    """From the network list: Enter opens the demo's overview, x the export screen."""
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("x")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def _push(pilot, network_id: str) -> ExportScreen:
    await settle(pilot)
    pilot.app.push_screen(ExportScreen(network_id))
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def _pick(pilot, select_id: str, downs: int) -> None:
    """Open a drop-down, go `downs` options down from the top and choose."""
    pilot.app.screen.query_one(f"#{select_id}", Select).focus()
    await pilot.press("enter", "home", *["down"] * downs, "enter")
    await settle(pilot)


async def _toggle(pilot, box_id: str) -> None:
    """Focus a tick box and press space, as a user tabbing to it would."""
    pilot.app.screen.query_one(f"#{box_id}", TickBox).focus()
    await pilot.press("space")
    await settle(pilot)


async def _type_into(pilot, widget_id: str, text: str) -> None:
    field = pilot.app.screen.query_one(f"#{widget_id}", Input)
    field.focus()
    await pilot.press("end", "ctrl+u", *text)


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def _preview(screen) -> str:
    return screen.query_one("#export-md").source


def _options(screen) -> list[str]:
    """The cycle drop-down's choices as the user reads them (not the blank prompt)."""
    select = screen.query_one("#export-cycle", Select)
    return [str(prompt) for prompt, value in select._options if value is not Select.NULL]


def _box(screen, box_id: str) -> str:
    """A tick box as painted: its button and label, e.g. "▐✓▌ Markdown"."""
    return str(screen.query_one(f"#{box_id}", TickBox).render()).strip()


def _folder_line(screen) -> str:
    """The folder line with its wrapping undone (it breaks only after a separator)."""
    return "".join(_folder_lines(screen))


def _folder_lines(screen) -> list[str]:
    """The folder line as painted, one string per screen line."""
    line = screen.query_one("#export-folder", Static)
    assert line.display
    lines = [line.render_line(y).text.strip() for y in range(line.size.height)]
    return [x for x in lines if x]


def _notices(app) -> list[str]:
    return [n.message for n in app._notifications]


def _footer(pilot) -> list[str]:
    keys = list(pilot.app.screen.query(FooterKey))
    return [k.description for k in keys
            if k.action not in ("app.command_palette", "command_palette")]


# ---------------------------------------------------------------------- opening


async def test_x_opens_the_latest_held_cycle_with_its_preview(demo_store, demo_network) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert _text(screen, "#export-title") == (
            "Eksport av oppsummering · ROBEK-nettverk Nord")
        # four of the six gatherings are held by 22.11.2026; the last held is chosen
        assert screen.query_one("#export-cycle", Select).value == 4
        assert _options(screen) == [
            "1: 05.03.2026 Oppstart: hvor…",
            "2: 07.05.2026 Perspektivanaly…",
            "3: 25.08.2026 Handlingsrom i…",
            "4: 20.10.2026 Fra penger og t…",
        ]
        assert screen.query_one("#export-lang", Select).value == "nb"
        assert screen.query_one("#export-to", Input).value == "robek-nord@example.no"
        assert _preview(screen).lstrip("# ").startswith(TITLE_4)
        assert _text(screen, "#export-status") == "Forhåndsvisning klar. Ctrl+S lager filene."
        # what each control chooses is written on it
        assert screen.query_one("#export-cycle SelectCurrent").border_title == (
            "Periode (samling)")
        assert screen.query_one("#export-lang SelectCurrent").border_title == (
            "Språk i oppsummeringen")
        assert screen.query_one("#export-to", Input).border_title == "Mottakere"
        # ticked boxes show ✓, unticked ones a blank: the state reads without colour
        assert [_box(screen, b) for b in (*FORMAT_IDS, "export-names")] == [
            "▐✓▌ Markdown", "▐✓▌ HTML", "▐✓▌ Excel", "▐✓▌ CSV", "▐✓▌ E-postutkast",
            "▐ ▌ Ta med navn på de som var til stede"]
        assert not screen.query_one("#export-folder").display
        assert _footer(pilot) == ["Tilbake", "Lag filene", "Åpne e-post", "Hjelp"]
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"


async def test_changing_cycle_language_and_names_updates_the_preview(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await _pick(pilot, "export-cycle", 3)  # the blank prompt, 1, 2, 3
        assert screen.query_one("#export-cycle", Select).value == 3
        assert TITLE_3 in _preview(screen)
        assert "Til stede (navn)" not in _preview(screen)

        await _toggle(pilot, "export-names")
        assert _box(screen, "export-names").startswith("▐✓▌")
        assert TITLE_3 in _preview(screen)
        assert "Til stede (navn)" in _preview(screen)

        await _pick(pilot, "export-lang", 1)  # nynorsk
        assert screen.query_one("#export-lang", Select).value == "nn"
        assert "Til stades (namn)" in _preview(screen)
        assert "Til stede (navn)" not in _preview(screen)

        await _pick(pilot, "export-lang", 2)  # English
        assert "Summary ROBEK-nettverk Nord – gathering 3 (25.08.2026)" in _preview(screen)
        assert "Present (names)" in _preview(screen)

        await _toggle(pilot, "export-names")
        assert _box(screen, "export-names").startswith("▐ ▌")
        assert "Present (names)" not in _preview(screen)
        assert _text(screen, "#export-status") == "Forhåndsvisning klar. Ctrl+S lager filene."


# ---------------------------------------------------------------------- writing


async def test_ctrl_s_writes_every_format_and_shows_the_folder(tmp_path, demo_store) -> None:
    out = _out_dir(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await _type_into(pilot, "export-to", "kari@andoy.kommune.no; per@hadsel.kommune.no")
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = _files(out)
        stem = "robek-nettverk-nord-samling-4"
        for name in (f"{stem}.md", f"{stem}.html", f"{stem}.xlsx", f"{stem}.eml"):
            assert name in files
        csvs = [f for f in files if f.startswith(f"{stem}-csv/")]
        assert csvs and all(f.endswith(".csv") for f in csvs)
        assert len(files) == 4 + len(csvs)
        assert "samling 4 (20.10.2026)" in (out / f"{stem}.md").read_text("utf-8")
        mail = (out / f"{stem}.eml").read_text("utf-8", errors="replace")
        assert "kari@andoy.kommune.no" in mail and "per@hadsel.kommune.no" in mail
        # where the files are: the whole folder, on its own line
        assert _text(screen, "#export-status") == f"{len(files)} filer skrevet i denne mappen:"
        assert _folder_line(screen) == str(out)
        # the notice stays short and names the folder, not the whole path
        assert f"{len(files)} filer skrevet i mappen «robek-nettverk-nord»." in _notices(app)

        # a second export never overwrites the first
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"{stem}-2.md" in _files(out)
        assert (out / f"{stem}.md").exists()

        # another cycle: the preview changes, and the folder line still says what it is
        await _pick(pilot, "export-cycle", 2)
        assert "samling 2 (07.05.2026)" in _preview(screen)
        assert _text(screen, "#export-status") == (
            "Forhåndsvisning klar. Forrige eksport ligger i denne mappen:")
        assert _folder_line(screen) == str(out)


async def test_a_long_folder_wraps_after_a_separator(tmp_path, demo_store, monkeypatch) -> None:
    docs = tmp_path / "Brukere" / "kari.nordmann-hansen" / "OneDrive - Statsforvalteren i Nordland"
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(docs / "Dokumenter"))
    out = docs / "Dokumenter" / "facilitator" / "robek-nettverk-nord"
    assert len(str(out)) > 78
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _files(out)
        shown = _folder_lines(screen)
        assert len(shown) >= 2
        assert all(x.endswith("/") for x in shown[:-1])  # broken only after a separator
        assert "".join(shown) == str(out)


def test_wrap_path() -> None:
    assert wrap_path("/a/b", 10) == ["/a/b"]
    assert wrap_path("/home/kari/Dokumenter/facilitator", 16) == [
        "/home/kari/", "Dokumenter/", "facilitator"]
    assert wrap_path("C:\\Users\\Kari\\Documents", 12) == ["C:\\Users\\", "Kari\\", "Documents"]
    # a name longer than a line is cut where the line ends
    assert wrap_path("/x/abcdefghij", 5) == ["/x/", "abcde", "fghij"]


async def test_unticked_formats_are_not_written(tmp_path, demo_store) -> None:
    out = _out_dir(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        for box in ("fmt-html", "fmt-xlsx", "fmt-csv", "fmt-eml"):
            await _toggle(pilot, box)
        assert [_box(screen, b)[:3] for b in FORMAT_IDS] == ["▐✓▌"] + ["▐ ▌"] * 4
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _files(out) == ["robek-nettverk-nord-samling-4.md"]
        assert _text(screen, "#export-status") == "1 fil skrevet i denne mappen:"
        # no draft was made: ctrl+o says so
        await pilot.press("ctrl+o")
        assert _text(screen, "#export-status") == (
            "Eksporten laget ikke noe e-postutkast: kryss av for E-postutkast og trykk Ctrl+S.")

        await _toggle(pilot, "fmt-md")  # nothing ticked at all
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = screen.query_one("#export-error", Static)
        assert error.display
        assert str(error.render()) == "Velg en periode og minst ett format."
        assert _files(out) == ["robek-nettverk-nord-samling-4.md"]


async def test_a_bad_recipient_is_refused_at_the_field(tmp_path, demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await _type_into(pilot, "export-to", "kari@andoy.kommune.no, ikke-en-adresse")
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = screen.query_one("#export-error", Static)
        assert error.display
        assert str(error.render()) == (
            "Mottakere: «ikke-en-adresse» ser ikke ut som en e-postadresse.")
        field = screen.query_one("#export-to", Input)
        assert field.has_class("-invalid") and app.focused is field
        assert not (tmp_path / "xdg-docs").exists()  # nothing written, not even the folder

        # corrected, it writes, and the error is gone
        await pilot.press("end", *["backspace"] * len("ikke-en-adresse"), *"per@bo.kommune.no")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not error.display and not field.has_class("-invalid")
        assert _files(_out_dir(tmp_path))


async def test_a_stored_contact_address_that_is_no_address_is_named_at_once(
        tmp_path, demo_store, demo_network, demo_path) -> None:
    """A contact address stored with a line break (by an older version or another
    program) is shown made visible and named at the field when the screen opens; the
    files are not written until it is corrected."""
    import sqlite3

    conn = sqlite3.connect(demo_path)
    conn.execute("UPDATE network SET contact_emails = ? WHERE id = ?",
                 ("robek-nord@example.no, a@example.no\nBcc: b@evil.example", demo_network.id))
    conn.commit()
    conn.close()
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        field = screen.query_one("#export-to", Input)
        error = screen.query_one("#export-error", Static)
        assert field.value == "robek-nord@example.no, a@example.no<U+000A>Bcc: b@evil.example"
        assert error.display and field.has_class("-invalid")
        assert str(error.render()).startswith(
            "Kontaktadressen «a@example.no<U+000A>Bcc: b@evil.example» som er lagret for "
            "nettverket, er ikke en gyldig e-postadresse")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error.display and not (tmp_path / "xdg-docs").exists()
        await _type_into(pilot, "export-to", "robek-nord@example.no")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not error.display
        assert _files(_out_dir(tmp_path))


async def test_writing_runs_once_and_typing_goes_on(tmp_path, demo_store,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The files are written in a worker: a second ctrl+s meanwhile writes nothing more,
    and keys typed meanwhile arrive."""
    release = threading.Event()
    started = threading.Event()
    calls = []
    original = writer.write_export

    def slow_write(*args, **kwargs):
        calls.append(args)
        started.set()
        assert release.wait(20)
        return original(*args, **kwargs)

    monkeypatch.setattr(writer, "write_export", slow_write)
    out = _out_dir(tmp_path)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        field = screen.query_one("#export-to", Input)
        field.focus()
        await pilot.press("ctrl+s")
        for _ in range(500):  # the summary is built first; a busy machine is slow
            if started.is_set():
                break
            await pilot.pause(0.02)
        assert started.is_set()
        assert _text(screen, "#export-status") == "Skriver filene …"

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _text(screen, "#export-status") == "Filene skrives allerede; vent litt."
        await pilot.press("ctrl+o")
        assert _text(screen, "#export-status") == (
            "Filene skrives; prøv igjen når de er ferdige.")
        await pilot.press("end", *",per@bo.kommune.no")
        await pilot.pause()
        assert field.value == "robek-nord@example.no,per@bo.kommune.no"
        await pilot.press("escape")  # leaving now would hide where the files went
        await pilot.pause()
        assert app.screen is screen
        assert _text(screen, "#export-status") == "Vent til filene er skrevet."
        assert _files(out) == []

        release.set()
        await settle(pilot)
        assert len(calls) == 1
        files = _files(out)
        assert files and not any("-2" in f for f in files)
        assert _text(screen, "#export-status") == f"{len(files)} filer skrevet i denne mappen:"
        assert field.value == "robek-nord@example.no,per@bo.kommune.no"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "OverviewScreen"


# ---------------------------------------------------------------------- the e-mail draft


async def test_ctrl_o_opens_the_draft_or_says_there_is_none(tmp_path, demo_store,
                                                            monkeypatch) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(writer, "open_file", opened.append)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert opened == []
        assert _text(screen, "#export-status") == (
            "Det finnes ikke noe e-postutkast ennå: trykk Ctrl+S for å lage filene først.")

        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        eml = _out_dir(tmp_path) / "robek-nettverk-nord-samling-4.eml"
        assert opened == [eml] and eml.is_file()
        assert _text(screen, "#export-status") == (
            "Åpner robek-nettverk-nord-samling-4.eml i e-postprogrammet.")


@pytest.mark.parametrize(("lang", "message"), [
    ("nb", "Kunne ikke åpne e-postprogrammet. E-postutkastet ligger her; åpne det selv:"),
    ("en", "Could not open the mail program. The e-mail draft is here; open it yourself:"),
])
async def test_ctrl_o_without_a_mail_program_shows_the_file(tmp_path, demo_store, monkeypatch,
                                                             lang, message) -> None:
    # no xdg-open on PATH (as on a machine without a desktop): a sentence in the user's
    # language and the draft's full path, not the system's English errno text
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr("sys.platform", "linux")
    app = make_app(demo_store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert _text(screen, "#export-status") == message
        assert "Errno" not in _text(screen, "#export-status")
        # the summary's language is the network's (bokmål), whatever the interface's
        eml = _out_dir(tmp_path) / "robek-nettverk-nord-samling-4.eml"
        assert eml.is_file() and _folder_line(screen) == str(eml)


# ---------------------------------------------------------------------- nothing to summarise


async def test_a_network_without_gatherings_says_so(tmp_path, store) -> None:
    net = store.networks.create("Nettverk uten samlinger")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _push(pilot, net.id)
        assert _options(screen) == []
        empty = screen.query_one("#export-empty", Static)
        assert empty.display and not screen.query_one("#export-md").display
        message = ("Nettverket har ingen samlinger ennå, så det er ingenting å oppsummere. "
                   "Legg inn samlingene under Samlinger (s på oversikten).")
        assert str(empty.render()) == message
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = screen.query_one("#export-error", Static)
        assert error.display and str(error.render()) == message
        assert not (tmp_path / "xdg-docs").exists()


async def test_only_future_gatherings_says_when_the_first_is(tmp_path, store) -> None:
    net = store.networks.create("Nytt nettverk")
    store.gatherings.create(net.id, date=date(2027, 1, 14), title="Oppstart")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _push(pilot, net.id)
        assert _options(screen) == []
        empty = screen.query_one("#export-empty", Static)
        assert empty.display and not screen.query_one("#export-md").display
        assert str(empty.render()) == (
            "Ingen samling er holdt ennå, så det er ingenting å oppsummere. "
            "Oppsummeringen kan lages etter den første samlingen (14.01.2027).")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not (tmp_path / "xdg-docs").exists()


async def test_future_gatherings_are_not_offered(store) -> None:
    net = store.networks.create("Nettverk")
    store.gatherings.create(net.id, date=TODAY - timedelta(days=30), title="Holdt")
    store.gatherings.create(net.id, date=TODAY, title="I dag")  # today counts as held
    store.gatherings.create(net.id, date=TODAY + timedelta(days=1), title="I morgen")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(ExportScreen(net.id, cycle=3))  # asked for a future one
        await settle(pilot)
        screen = pilot.app.screen
        assert _options(screen) == ["1: 23.10.2026 Holdt", "2: 22.11.2026 I dag"]
        assert screen.query_one("#export-cycle", Select).value == 2
        assert "samling 2 (22.11.2026)" in _preview(screen)


async def test_a_title_with_markup_is_listed_literally(store) -> None:
    net = store.networks.create("Nettverk [b]fet[/b]")
    title = "A [/] B [b]x[/b]"
    store.gatherings.create(net.id, date=date(2026, 10, 1), title=title)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _push(pilot, net.id)
        assert _options(screen) == [f"1: 01.10.2026 {title}"]
        assert _text(screen, "#export-title") == "Eksport av oppsummering · Nettverk [b]fet[/b]"
        current = screen.query_one("#export-cycle SelectCurrent")
        assert title in str(current.query_one("#label").render())
        # and in the open list
        screen.query_one("#export-cycle", Select).focus()
        await pilot.press("enter")
        await settle(pilot)
        overlay = screen.query_one("SelectOverlay")
        prompts = [str(overlay.get_option_at_index(i).prompt)
                   for i in range(overlay.option_count)]
        assert f"1: 01.10.2026 {title}" in prompts
        await pilot.press("escape")
        await settle(pilot)
        # the preview shows it as typed too (escaped in the Markdown, not styled)
        from rich.console import Console

        console = Console(width=100, record=True, file=io.StringIO())
        console.print(screen.query_one("#export-md").document)
        assert "Oppsummering Nettverk [b]fet[/b] – samling 1 (01.10.2026)" in console.export_text()


# ---------------------------------------------------------------------- English


async def test_english(tmp_path, demo_store) -> None:
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot)
        assert _text(screen, "#export-title") == "Export the summary · ROBEK-nettverk Nord"
        assert [_box(screen, b) for b in (*FORMAT_IDS, "export-names")] == [
            "▐✓▌ Markdown", "▐✓▌ HTML", "▐✓▌ Excel", "▐✓▌ CSV", "▐✓▌ E-mail draft",
            "▐ ▌ Include the names of those present"]
        assert screen.query_one("#export-cycle SelectCurrent").border_title == (
            "Cycle (gathering)")
        assert screen.query_one("#export-lang SelectCurrent").border_title == (
            "Language of the summary")
        assert screen.query_one("#export-to", Input).border_title == "Recipients"
        assert _text(screen, "#export-status") == "Preview ready. Ctrl+S writes the files."
        assert _footer(pilot) == ["Back", "Write files", "Open e-mail", "Help"]
        # the summary keeps the network's language (bokmål) until changed
        assert TITLE_4 in _preview(screen)

        await pilot.press("ctrl+o")
        assert _text(screen, "#export-status") == (
            "There is no e-mail draft yet: press Ctrl+S to write the files first.")
        await _type_into(pilot, "export-to", "not-an-address")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(screen.query_one("#export-error").render()) == (
            "Recipients: “not-an-address” does not look like an e-mail address.")
        await _type_into(pilot, "export-to", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        files = _files(_out_dir(tmp_path))
        assert files
        assert _text(screen, "#export-status") == f"{len(files)} files written to this folder:"
        assert _folder_line(screen) == str(_out_dir(tmp_path))
        assert (f"{len(files)} files written to the folder “robek-nettverk-nord”."
                in _notices(app))


# ---------------------------------------------------------------------- snapshot


def test_export_screen_snapshot(snap_compare, demo_store, demo_network) -> None:
    async def open_export(pilot) -> None:
        await _open(pilot)

    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=open_export)
