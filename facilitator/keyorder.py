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
R = TypeVar("R")


class KeysInOrder(App[R]):
    """An App that dispatches key presses strictly one after another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_in_flight: events.Key | None = None
        self._keys_waiting: deque[events.Key] = deque()
        self._key_timer: Any = None
        self.keys_given_up = 0  # keys whose way was lost (should stay 0)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys_waiting.append(event)
            await self._pump_keys()
            return
        await super().on_event(event)

    async def _pump_keys(self) -> None:
        while self._key_in_flight is None and self._keys_waiting:
            screen = self.screen
            if not screen.is_mounted:
                # A key opened this screen: the next key waits until it has mounted and
                # taken focus (set through the app's queue), or the first letters typed
                # into a new form would be lost.
                if screen.call_later(self.call_later, self._pump_keys):
                    return
            await self._dispatch_key(self._keys_waiting.popleft())

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
        bubbles = (event.bubble and not event._stop_propagation and parent is not None
                   and node.is_parent_active and node.is_attached)
        if not bubbles:
            self._key_done(event)
        elif parent is self:
            self.call_later(self._key_done, event)  # after the app has run its binding
        elif not parent.call_later(self._follow, event, parent):
            self._key_done(event)

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
            self.call_next(self._pump_keys)
