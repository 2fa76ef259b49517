"""Every screen at 80×24, in both languages: the footer shows whole keys (never one cut
in half), and every key of the screen is in the command palette by name."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from facilitator.widgets.bindings import is_ours
from tests.conftest import make_app, settle


def _screens(store, network):
    from facilitator.screens.attendance import AttendanceScreen
    from facilitator.screens.evaluation import EvaluationScreen
    from facilitator.screens.export import ExportScreen
    from facilitator.screens.gathering_form import GatheringForm
    from facilitator.screens.gatherings import GatheringsScreen
    from facilitator.screens.homework import HomeWorkScreen
    from facilitator.screens.homework_form import HomeWorkForm
    from facilitator.screens.import_evaluations import ImportScreen
    from facilitator.screens.kiosk_setup import KioskSetupScreen
    from facilitator.screens.meeting_form import MeetingForm
    from facilitator.screens.meetings import MeetingsScreen
    from facilitator.screens.members import MembersScreen
    from facilitator.screens.network_form import NetworkForm
    from facilitator.screens.overview import OverviewScreen
    from facilitator.screens.participant_form import ParticipantForm
    from facilitator.screens.questions import QuestionsScreen
    from facilitator.screens.responses import ResponsesScreen
    from facilitator.screens.theme_matrix import ThemeMatrixScreen

    nid = network.id
    g4 = next(g for g in store.gatherings.list(nid) if g.seq == 4)
    members = store.members.list(nid)
    return [
        lambda: OverviewScreen(nid), lambda: NetworkForm(nid), lambda: MembersScreen(nid),
        lambda: ParticipantForm(nid, members, municipality_id=members[0].municipality_id),
        lambda: GatheringsScreen(nid), lambda: GatheringForm(nid, g4.id),
        lambda: AttendanceScreen(g4.id), lambda: ThemeMatrixScreen(nid),
        lambda: HomeWorkScreen(nid), lambda: HomeWorkForm(nid),
        lambda: MeetingsScreen(nid), lambda: MeetingForm(nid),
        lambda: EvaluationScreen(g4.id), lambda: ResponsesScreen(g4.id),
        lambda: ImportScreen(g4.id), lambda: KioskSetupScreen(g4.id),
        lambda: QuestionsScreen(nid), lambda: ExportScreen(nid, 4),
    ]


def _check_footer(screen) -> list[str]:
    keys = [k for k in screen.query_one("Footer").query(FooterKey) if k.display]
    palette = [k for k in keys if k.has_class("-command-palette")]
    end = palette[0].region.x if palette else screen.size.width
    shown = [k for k in keys if k not in palette]
    for key in shown:
        assert key.region.right <= end, (type(screen).__name__, key.description)
        whole = len(key.key_display) + len(key.description) + 1
        assert key.region.width >= whole, (type(screen).__name__, key.description)
    return [k.description for k in shown]


@pytest.mark.parametrize("lang", ["nb", "en"])
async def test_every_screen_shows_whole_keys_and_lists_all(demo_store, demo_network,
                                                           lang) -> None:
    app = make_app(demo_store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for make in _screens(demo_store, demo_network):
            app.push_screen(make())
            await settle(pilot)
            screen = app.screen
            name = type(screen).__name__
            shown = _check_footer(screen)
            assert len(shown) >= 2, (name, shown)
            palette = {c.title for c in app.get_system_commands(screen)}
            for active in screen.active_bindings.values():
                binding = active.binding
                if is_ours(binding) and active.enabled:
                    assert binding.description in palette, (name, binding.description)
            app.pop_screen()
            await settle(pilot)


def _offered(app, screen) -> set[str]:
    """What the footer shows and the command palette lists on `screen`."""
    footer = {k.description for k in screen.query_one("Footer").query(FooterKey) if k.display}
    palette = {c.title for c in app.get_system_commands(screen)}
    return footer | palette


@pytest.mark.parametrize("lang", ["nb", "en"])
async def test_no_key_is_offered_that_has_nothing_to_act_on(store, lang) -> None:
    """The welcome screen (no network) offered Edit and Delete; an empty list offers
    none of its row keys, in the footer or the palette; they come with a row."""
    from facilitator.i18n import t

    app = make_app(store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        offered = _offered(app, app.screen)
        assert t("key.edit") not in offered and t("key.delete") not in offered
        assert t("key.new_network") in offered
        net = store.networks.create("Tomt")
        app.screen.load()
        await settle(pilot)
        offered = _offered(app, app.screen)
        assert {t("key.edit"), t("key.delete")} <= offered
        await pilot.press("enter")
        await settle(pilot)
        assert t("key.evaluate") not in _offered(app, app.screen)  # nothing held yet
        row_keys = {"m": ["key.edit", "key.delete", "key.members.move",
                          "key.members.active"],
                    "s": ["key.edit", "key.gathering.attendance", "key.gathering.evaluate",
                          "key.gathering.kiosk", "key.gathering.import", "key.delete"],
                    "k": ["key.edit", "key.delete"],
                    "h": ["key.homework.cycle", "key.homework.note", "key.edit", "key.delete"],
                    "t": ["key.gathering.toggle_theme", "key.gathering.edit_column"]}
        for key, names in row_keys.items():
            await pilot.press(key)
            await settle(pilot)
            offered = _offered(app, app.screen)
            shown = [t(name) for name in names if t(name) in offered]
            assert shown == [], (key, shown)
            await pilot.press("escape")
            await settle(pilot)
        assert net.id
