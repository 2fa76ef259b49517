"""The first screen and the network overview: flows, literal text, snapshots at 80×24."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from facilitator.parse import format_date
from tests.conftest import TODAY, make_app, settle


async def _open_demo(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def test_network_list_snapshot(snap_compare, demo_store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=settle)


def test_overview_snapshot(snap_compare, demo_store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(80, 24), run_before=_open_demo)


def test_overview_at_200x60(snap_compare, demo_store) -> None:
    assert snap_compare(make_app(demo_store), terminal_size=(200, 60), run_before=_open_demo)


async def test_overview_shows_cycle(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        data = app.screen.data
        assert data.last.seq == 4 and data.next.seq == 5
        assert (data.next.date - TODAY).days == 23
        grid = app.screen.query_one("#ov-grid", DataTable)
        assert grid.row_count == 7
        assert len(data.trend) == 4


async def test_create_network_through_form(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        form.query_one("#name", Input).value = "[bold]Nettverk[/] Sør \x1b[31m 🎉"
        form.query_one("#start_date", Input).value = "31.02.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "31.02.2026" in str(form.query_one("#box-start_date .field-error").render())
        assert store.networks.list() == []  # nothing saved, text kept
        assert form.query_one("#name", Input).value.startswith("[bold]")
        form.query_one("#start_date", Input).value = "2026-01-15"
        form.query_one("#end_date", Input).value = "01.01.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "#box-end_date" and form.query_one("#box-end_date").has_class("-invalid")
        form.query_one("#end_date", Input).value = "15.12.2026"
        form.query_one("#contact_emails", Input).value = "a@example.no; b@example.no"
        await pilot.press("ctrl+s")
        await settle(pilot)
        [net] = store.networks.list()
        assert net.name == "[bold]Nettverk[/] Sør \x1b[31m 🎉"
        assert str(net.start_date) == "2026-01-15" and str(net.end_date) == "2026-12-15"
        assert net.contact_emails == "a@example.no, b@example.no"
        assert len(store.questions.list(net.id)) == 4
        table = app.screen.query_one(DataTable)
        shown = str(table.get_row_at(0)[0])
        assert "[bold]" in shown and "\x1b" not in shown and "␛" in shown


async def test_leaving_a_changed_form_asks(store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Nord")
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("escape")  # "no": back to the form, text kept
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "Nord"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert type(app.screen).__name__ == "NetworksScreen"
        assert store.networks.list() == []


async def test_delete_network_asks_first(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert len(demo_store.networks.list()) == 1
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert demo_store.networks.list() == []


async def test_language_switch_is_remembered(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_switch_language()
        await settle(pilot)
        assert demo_store.settings.get("language") == "en"
        table = app.screen.query_one(DataTable)
        assert "Network" in str(table.columns[next(iter(table.columns))].label)


async def test_command_palette_reaches_screen_actions(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Nytt nettverk" in names and "Hjelp" in names and "Avslutt" in names
        assert len(names) == len(set(names))


async def test_help_lists_screen_keys(demo_store) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        text = str(app.screen.query_one("#help-keys").content)
        assert "Nytt nettverk" in text and "Cursor" not in text
        await pilot.press("escape")
        assert type(app.screen).__name__ == "NetworksScreen"


async def test_refused_database_shows_reason(tmp_path) -> None:
    bad = tmp_path / "garbage.db"
    bad.write_bytes(b"not a database at all" * 100)
    before = bad.read_bytes()
    app = make_app(target=bad)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "FatalScreen"
        assert "garbage.db" in app.screen.message
    assert bad.read_bytes() == before


def _footer(screen) -> list[tuple[str, str]]:
    """The footer's keys as shown: each whole, none under the palette key on the right."""
    from textual.widgets._footer import FooterKey

    keys = [k for k in screen.query_one("Footer").query(FooterKey) if k.display]
    palette = [k for k in keys if k.has_class("-command-palette")]  # none on a modal
    end = palette[0].region.x if palette else screen.size.width
    shown = [k for k in keys if k not in palette]
    for key in shown:
        assert key.region.right <= end, key.description
        assert key.region.width >= len(key.key_display) + len(key.description) + 1
    return [(k.key_display, k.description) for k in shown]


async def test_network_list_keys(demo_store) -> None:
    """Enter (open) and d (demo) were in neither footer nor help."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _footer(app.screen) == [
            ("⏎", "Åpne"), ("n", "Nytt nettverk"), ("e", "Rediger"), ("del", "Slett"),
            ("d", "Demo"), ("q", "Avslutt"), ("f1", "Hjelp")]
        names = [c.title for c in app.get_system_commands(app.screen)]
        assert "Åpne" in names and "Demo" in names
        await pilot.press("f1")
        await settle(pilot)
        keys = str(app.screen.query_one("#help-keys").content).splitlines()
        assert "⏎           Åpne" in keys and "d           Demo" in keys
        # the palette once ("^p Meny" and "ctrl+p Kommandopalett" were both there)
        palette = [line for line in keys if "Meny" in line or "ommandopalett" in line]
        assert palette == ["^p          Meny (kommandopaletten): alle handlinger etter navn"]


async def test_help_covers_the_screen_behind(demo_store) -> None:
    """The scrollbar of the screen behind showed through beside the help box."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
        assert app.screen.styles.background.a == 1  # opaque
        box = app.screen.query_one("#help-box")
        assert box.region.height <= 23 and box.max_scroll_y > 0  # long help scrolls
        await pilot.press("end")
        assert box.scroll_y == box.max_scroll_y


async def test_overview_keys_fit_in_both_languages(demo_store) -> None:
    """English cut the footer ("x E▏"); t, p, r and Esc were only in F1."""
    for lang, first in (("nb", [("m", "Kommuner"), ("s", "Samlinger"),
                                ("h", "Hjemmearb."), ("k", "Møter"), ("v", "Evaluer"),
                                ("x", "Eksport")]),
                        ("en", [("m", "Members"), ("s", "Gatherings"), ("h", "Home work"),
                                ("k", "Meetings"), ("v", "Evaluate"), ("x", "Export")])):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_demo(pilot)
            assert _footer(app.screen) == first
            names = [c.title for c in app.get_system_commands(app.screen)]
            for key in ("key.themes", "key.questions", "key.edit_network", "key.back"):
                from facilitator.i18n import t

                assert t(key) in names
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(200, 60)) as pilot:  # wide: all of them
            await _open_demo(pilot)
            shown = [key for key, _name in _footer(app.screen)]
            assert shown == ["m", "s", "h", "k", "v", "x", "t", "p", "r", "esc", "f1"]


async def test_english_network_list_fits(demo_store, demo_network) -> None:
    """"1/14 delivere": the home-work column was as wide as the Norwegian text."""
    taken = {m.municipality_id for m in demo_store.members.list(demo_network.id)}
    extra = [m for m in demo_store.register.list() if m.id not in taken][:7]
    for m in extra:
        demo_store.members.add(demo_network.id, m.id)
    app = make_app(demo_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[3] == "1/14 delivered"
        widths = [c.width for c in table.columns.values()]
        assert all(len(text) <= width for text, width in zip(row, widths, strict=True))
        assert sum(widths) + 2 * len(widths) <= 80


async def test_an_empty_network_overview(store) -> None:
    """"Ingen kommuner ennå: t" (cut in its cell), and a flat sparkline with no answers."""
    net = store.networks.create("Tomt nettverk")
    for lang, text in (("nb", "Ingen kommuner ennå: trykk m for å legge dem til."),
                       ("en", "No municipalities yet: press m to add them.")):
        app = make_app(store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(__import__("facilitator.screens.overview", fromlist=["x"])
                            .OverviewScreen(net.id))
            await settle(pilot)
            hint = app.screen.query_one("#ov-empty")
            assert hint.display and str(hint.render()) == text
            assert hint.region.width >= len(text)
            assert not app.screen.query_one("#ov-grid").display
            assert not app.screen.query_one("#ov-spark").display  # no answers: no bar
            values = str(app.screen.query_one("#ov-trend-values").render())
            assert values in ("ingen svar ennå", "no answers yet")


async def test_overview_uses_a_wide_terminal(demo_store) -> None:
    """At 200×60 the fixed widths cut "Nordreisa - Ráisa - R…" and "Utkast til forpli…"."""
    app = make_app(demo_store)
    async with app.run_test(size=(200, 60)) as pilot:
        await _open_demo(pilot)
        grid = app.screen.query_one("#ov-grid", DataTable)
        names = [str(grid.get_row_at(i)[0]) for i in range(grid.row_count)]
        assert "Nordreisa - Ráisa - Raisi" in names
        assert not any(n.endswith("…") for n in names)
        labels = [str(c.label) for c in grid.columns.values()]
        assert not any(label.endswith("…") for label in labels), labels
        assert sum(c.width + 2 for c in grid.columns.values()) <= 200
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:  # and 80 columns still fit
        await _open_demo(pilot)
        grid = app.screen.query_one("#ov-grid", DataTable)
        assert sum(c.width + 2 for c in grid.columns.values()) <= 80


async def test_every_screen_footer_fits_80_columns(demo_store, demo_network) -> None:
    """No key cut in half, in either language, on the screens reached from here."""
    from facilitator.screens.attendance import AttendanceScreen
    from facilitator.screens.gatherings import GatheringsScreen
    from facilitator.screens.members import MembersScreen
    from facilitator.screens.theme_matrix import ThemeMatrixScreen

    g4 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 4)
    screens = [lambda: GatheringsScreen(demo_network.id), lambda: MembersScreen(demo_network.id),
               lambda: ThemeMatrixScreen(demo_network.id), lambda: AttendanceScreen(g4.id)]
    for lang in ("nb", "en"):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert _footer(app.screen)
            for make in screens:
                app.push_screen(make())
                await settle(pilot)
                assert len(_footer(app.screen)) >= 2, type(app.screen).__name__
                await pilot.press("f1")
                await settle(pilot)
                assert _footer(app.screen) == [("esc", "Lukk" if lang == "nb" else "Close")]
                await pilot.press("escape")
                await settle(pilot)
                app.pop_screen()
                await settle(pilot)


def _grid_text(app) -> tuple[list[str], list[list[str]]]:
    grid = app.screen.query_one("#ov-grid", DataTable)
    labels = [str(c.label) for c in grid.columns.values()]
    return labels, [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


async def test_overview_shows_planned_meetings_as_planned(demo_store, demo_network) -> None:
    """A meeting dated after today (22.11.2026) is planned, not held: ○ and the word."""
    from datetime import date

    members = {m.name: m.municipality_id for m in demo_store.members.list(demo_network.id)}
    demo_store.meetings.log(demo_network.id, members["Målselv"], date=date(2026, 12, 3))
    demo_store.meetings.log(demo_network.id, members["Andøy"], date=date(2026, 11, 23))
    demo_store.meetings.log(demo_network.id, members["Øksnes"], date=TODAY)
    for lang, planned, none in (("nb", "planlagt", "ikke holdt"), ("en", "planned", "not held")):
        app = make_app(demo_store, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            await _open_demo(pilot)
            _labels, rows = _grid_text(app)
            meetings = {row[0]: row[-1] for row in rows}
            assert meetings["Målselv"] == f"○ {planned} 03.12.2026"
            # held and planned: both, without the year when the whole would be cut
            assert meetings["Andøy"] == f"✓ 12.11  ○ {planned} 23.11"
            assert meetings["Øksnes"] == f"✓ {format_date(TODAY)}"  # today: held
            assert meetings["Bø"] == "✓ 25.10.2026"
            assert not any(none in text for text in meetings.values())
            grid = app.screen.query_one("#ov-grid", DataTable)
            assert all(len(text) <= grid.columns[grid.ordered_columns[-1].key].width
                       for text in meetings.values())


async def test_overview_homework_titles_read_whole(demo_store, demo_network) -> None:
    """At 80 columns a title too long for its column goes on two lines; when four
    pieces of home work leave each a few columns, they are numbered and a key line under the
    table gives every title whole. At 200 columns the titles stand on one line."""
    labels = None
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        labels, _rows = _grid_text(app)
        assert labels[1] == "Utkast til forpliktende\nplan"
        assert not app.screen.query_one("#ov-homework-key").display
    g4 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 4)
    titles = ["Økonomisk perspektivanalyse for kommunestyret", "Tjenesteanalyse",
              "Møteplan for tillitsvalgte og verneombud"]
    for title in titles:
        demo_store.homework.give(demo_network.id, g4.id, title=title)
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        labels, rows = _grid_text(app)
        assert [label.split("\n")[0] for label in labels[1:5]] == ["1", "2", "3", "4"]
        key = app.screen.query_one("#ov-homework-key")
        assert key.display
        text = " ".join(str(key.render()).split())
        assert text == ("Hjemmearbeid: 1 Utkast til forpliktende plan · 2 " + titles[0]
                        + " · 3 " + titles[1] + " · 4 " + titles[2])
        grid = app.screen.query_one("#ov-grid", DataTable)
        assert sum(c.width + 2 for c in grid.columns.values()) <= 80  # no sideways scroll
        assert rows[0][-1] == "✓ 12.11.2026"  # the meetings column whole
    app = make_app(demo_store)
    async with app.run_test(size=(200, 60)) as pilot:
        await _open_demo(pilot)
        labels, _rows = _grid_text(app)
        assert labels[1:5] == ["Utkast til forpliktende plan", *titles]
        assert not app.screen.query_one("#ov-homework-key").display


async def test_overview_no_status_reads_as_not_started(demo_store, demo_network) -> None:
    """A municipality with no status yet showed "?", a mark its legend never explained;
    the home-work grid and the export read it as "· ikke startet"."""
    g4 = next(g for g in demo_store.gatherings.list(demo_network.id) if g.seq == 4)
    demo_store.homework.give(demo_network.id, g4.id, title="Tjenesteanalyse")
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        labels, rows = _grid_text(app)
        column = [label.split("\n")[0] for label in labels].index("Tjenesteanalyse")
        assert {row[column] for row in rows} == {"·"}
        assert all("?" not in cell for row in rows for cell in row)


async def test_closed_screens_are_freed(demo_store) -> None:
    """A screen opened and closed leaves nothing behind: with Textual's plain Header
    each one stayed in memory through the app's title watchers (widgets/header.py)."""
    import gc

    from textual._styles_cache import StylesCache
    from textual.widgets import Header

    def alive(kind: type) -> int:  # other tests' leftovers count the same twice
        gc.collect()
        return sum(isinstance(o, kind) for o in gc.get_objects())

    def headers() -> int:
        return alive(Header)

    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_demo(pilot)
        before, caches = headers(), alive(StylesCache)
        for _ in range(4):
            for key in ("m", "s", "h", "k"):
                await pilot.press(key)
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)
        assert headers() - before <= 1  # the last screen's may wait for its own close
        # nor the style caches of their widgets (one per widget: a screen has ~15; kept, they were 280)
        assert alive(StylesCache) - caches <= 40, (caches, alive(StylesCache))
