"""Store calls from screens (facilitator/screens/base.py): only the newest call of an
exclusive group shows its outcome."""

from __future__ import annotations

import asyncio
import threading

from textual.app import ComposeResult
from textual.widgets import Static

from facilitator.screens.base import BaseScreen
from tests.conftest import make_app, settle


class TwoReads(BaseScreen):
    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.go_on = threading.Event()
        self.errors: list[Exception] = []
        self.results: list[object] = []

    def compose(self) -> ComposeResult:
        yield Static("reads")

    def first(self) -> None:
        def fail(_store: object) -> object:
            self.started.set()
            self.go_on.wait(5)
            raise OSError("the replaced read failed")

        self.call_store(fail, self.results.append, self.errors.append,
                        group="reads", exclusive=True)

    def second(self) -> None:
        def succeed(_store: object) -> object:
            self.go_on.set()
            return "newest"

        self.call_store(succeed, self.results.append, self.errors.append,
                        group="reads", exclusive=True)


async def test_a_replaced_read_does_not_show_its_error(demo_store) -> None:
    """An exclusive read replaced by a newer one (its worker cancelled) still showed
    its error, after the newer read's result: only the newest call's outcome counts."""
    app = make_app(demo_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = TwoReads()
        await app.push_screen(screen)
        await settle(pilot)
        screen.first()
        for _ in range(200):
            if screen.started.is_set():
                break
            await asyncio.sleep(0.01)
        screen.second()
        await settle(pilot)
        await asyncio.sleep(0.1)  # the replaced read's thread ends after the newer read
        await settle(pilot)
        assert screen.results == ["newest"]
        assert screen.errors == []
        assert not app._notifications  # noqa: SLF001 - no error notice either
