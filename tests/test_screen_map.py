"""The screen map (facilitator/screens/map.py) is true: every route with a key is walked
on the demo network, and every screen in the code is on the map."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.screen import Screen

import facilitator.screens as screens_pkg
from facilitator.screens.map import BASES, ROUTES, Route
from tests.conftest import make_app, settle

DATA = Path(__file__).parent / "data" / "import"
# What must be typed on a screen before its route's key does what the map says.
BEFORE = {
    "KioskScreen": ("1", "2", "3", "4", "tab", "1", "2", "3", "4"),
    "ColumnPickScreen": (*str(DATA / "netigate_comma_utf8.csv"), "enter"),
}


def _path(route: Route) -> list[Route]:
    by_name = {r.screen: r for r in ROUTES}
    chain = [route]
    while chain[0].opens_from not in (None, "NetworksScreen"):
        chain.insert(0, by_name[chain[0].opens_from])
    return chain


WALKED = [r for r in ROUTES if r.key and r.opens_from]


@pytest.mark.parametrize("route", WALKED, ids=[r.screen for r in WALKED])
async def test_every_route_opens_its_screen(demo_store, route: Route) -> None:
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for step in _path(route):
            for key in BEFORE.get(step.screen, ()):
                await pilot.press(key)
            await pilot.press(step.key)
            await settle(pilot)
            if type(app.screen).__name__ == "ConfirmScreen":  # "not held yet — go on?"
                await pilot.press("enter")
                await settle(pilot)
            assert type(app.screen).__name__ == step.screen, f"{step.opens_from} {step.key}"
            module = importlib.import_module(f"facilitator.screens.{step.module}")
            assert isinstance(app.screen, getattr(module, step.screen))


def test_every_screen_in_the_code_is_on_the_map() -> None:
    on_map = {(r.module, r.screen) for r in ROUTES}
    found = set()
    for info in pkgutil.iter_modules(screens_pkg.__path__):
        module = importlib.import_module(f"facilitator.screens.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, Screen) and cls.__module__ == module.__name__
                    and name not in BASES):
                found.add((info.name, name))
    assert found - on_map == set(), "screens missing from facilitator/screens/map.py"
    assert on_map - found == set(), "routes to screens that do not exist"
