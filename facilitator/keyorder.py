"""Keys are handled one at a time, in the order they were typed.

Textual hands each key to the focused widget's message queue. A key the widget does
not take itself (Backspace and Tab in a text field are bindings, not key handlers)
travels up the DOM one queue at a time, and its binding runs only when it reaches the
app. A printable key typed just after it goes straight to the field and gets there
first: in a burst (a fast typist, a paste of keys, a slow machine, an SSH session)
"abc⌫d" became "abcd", and "1234⇥5678" put all eight digits in the first PIN field.

`KeysInOrder` makes the app hold each key until the one before it has been dealt
with: taken by a widget, or carried up to the app and its binding run; when a key
opens a screen, the next one waits until that screen has taken focus. A key that is
lost on the way (its widget closed) is given up after `KEY_TIMEOUT` seconds.
"""

from __future__ import annotations

from collections import deque
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

KEY_TIMEOUT = 1.0
LOAD_TIMEOUT = 3.0  # the longest keys wait for a screen to read its data
R = TypeVar("R")


class KeysInOrder(App[R]):
    """An App that dispatches key presses strictly one after another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_in_flight: events.Key | None = None
        self._keys_waiting: deque[events.Key] = deque()
        self._key_timer: Any = None
        self.keys_given_up = 0  # keys whose way was lost (should stay 0)
        self._keys_screen: Any = None  # the screen the last key was handed to
        self._pump_paused = False  # keys wait for a new screen to mount and focus
        self._pause_timer: Any = None
        self._holding: Any = None  # the screen whose first read the keys wait for
        self._hold_gone_by: Any = None  # a screen whose read took too long: keys go on

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys_waiting.append(event)
            await self._pump_keys()
            return
        await super().on_event(event)

    async def _pump_keys(self, *, resumed: bool = False) -> None:
        if self._pump_paused and not resumed:
            return  # waiting for a screen; the pump resumes by itself
        self._pump_paused = False
        while self._key_in_flight is None and self._keys_waiting:
            screen = self.screen
            if screen is not self._keys_screen:
                # A key opened (or closed) a screen: the next key waits until it has
                # mounted, and then one more turn of the app's queue, through which
                # the focus its on_mount gave arrives; or the first letters typed into
                # a new form would go to the wrong widget.
                if not screen.is_mounted:
                    if screen.call_later(self.call_later, self._resume_keys):
                        self._pause_keys()
                        return
                else:
                    self._keys_screen = screen
                    self._pause_keys()
                    self.call_later(self._resume_keys)
                    return
            if getattr(screen, "holds_keys", False) and screen is not self._hold_gone_by:
                # the screen is still reading what the keys will act on; it calls
                # keys_may_go_on() when ready
                self._holding = screen
                self._pause_keys(LOAD_TIMEOUT)
                return
            await self._dispatch_key(self._keys_waiting.popleft())

    def keys_may_go_on(self) -> None:
        """A screen that held the keys is ready for them."""
        if self._pump_paused:
            self.call_later(self._resume_keys)

    async def _dispatch_key(self, event: events.Key) -> None:
        target: MessagePump = self.focused or self.screen
        await super().on_event(event)  # priority bindings, or handed to the target
        if not event.is_forwarded:
            return  # a priority binding took it: done
        self._key_in_flight = event
        self._key_timer = self.set_timer(KEY_TIMEOUT, lambda: self._give_up(event))
        if not target.call_later(self._follow, event, target):
            self._key_done(event)

    def _follow(self, event: events.Key, node: Any) -> None:
        """Runs on `node` just after it handled `event`: follow the key while it bubbles.

        A bubbling message is posted to the parent while the node handles it, so a
        callback posted to the parent now runs after the parent has handled it too.
        """
        if event is not self._key_in_flight:
            return
        parent = node._parent
        if parent is self:
            # A screen: the key goes on to the app, where the bindings run, even though
            # Textual marks it stopped there (the app sent it). Done after the app's
            # queue has reached it.
            self.call_later(self._key_done, event)
            return
        bubbles = (event.bubble and not event._stop_propagation and parent is not None
                   and node.is_parent_active and node.is_attached)
        if not bubbles:
            self._key_done(event)
        elif not parent.call_later(self._follow, event, parent):
            self._key_done(event)

    def _pause_keys(self, timeout: float = KEY_TIMEOUT) -> None:
        self._pump_paused = True
        # should the screen close (or its read hang) before it says so: go on anyway
        if self._pause_timer is not None:
            self._pause_timer.stop()
        self._pause_timer = self.set_timer(timeout, self._resume_if_paused)

    async def _resume_if_paused(self) -> None:
        if self._pump_paused:
            # A read still in flight after LOAD_TIMEOUT no longer holds the keys back
            # (they would wait for good on a read that hangs).
            self._hold_gone_by = self._holding
            await self._resume_keys()

    async def _resume_keys(self) -> None:
        await self._pump_keys(resumed=True)

    def _give_up(self, event: events.Key) -> None:
        if event is self._key_in_flight:
            self.keys_given_up += 1
            self._key_done(event)

    def _key_done(self, event: events.Key) -> None:
        if event is not self._key_in_flight:
            return
        self._key_in_flight = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        if self._keys_waiting:
            # through the app's queue: a focus the key gave (widget.focus() goes that
            # way, as when Enter opens a drop-down) is set before the next key comes
            self.call_later(self._pump_keys)
