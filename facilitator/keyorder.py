"""Keys are handled one at a time, in the order they were typed: a workaround for a
Textual defect (8.2.8), to be dropped when Textual dispatches keys in order itself.

The defect. `App.on_event` checks a key against the priority bindings and then hands
it straight to the focused widget's message queue (`screen._forward_event`). A key the
widget does not take itself (Backspace and Tab in an `Input` are bindings, not key
handlers) bubbles on up the DOM one queue at a time (`MessagePump._dispatch_message`
posts it to the parent, `Message._bubble_to`), and its binding runs only when it
reaches a node that has it, often the screen or the app. A printable key typed just
after it is handed to the focused widget at once and gets there first: in a burst (a
fast typist, a paste, a slow machine, an SSH session) "abc⌫d" became "abcd", and
"1234⇥5678" put all eight digits in the first PIN field. How to see that Textual has
fixed it: run `tests/test_keyorder.py::test_backspace_and_tab_keep_their_place_in_a_burst`
with `TwoFields` built on `textual.app.App` instead of `KeysInOrder`; when it passes
there, this module can go (with `facilitator/readiness.py` built on `App`).

`KeysInOrder` makes the app hold each key until the one before it has been dealt
with, which takes up to three steps:

1. The key is taken by a widget, or carried up to the app and its binding run.
2. What the key set going is done: many widgets act on a key by posting a message
   to themselves (space in a selection list ticks the option when its own
   `OptionSelected` arrives), and a priority binding typed next (ctrl+s) ran before
   it. The next key waits until every queue from the key's widget up to the app has
   handled what was posted to it meanwhile.
3. What the next key acts on is there: when a key opened (or closed) a screen, until
   that screen has mounted or resumed and taken focus; while a subclass says the keys
   wait (`keys_held`: `readiness.KeysWaitForReady`, while the app or a screen is not
   ready) and then until the screen has been refreshed (what they put off until then,
   such as a form marking what it was loaded with, comes before the key). Within a
   burst a Tab (`LAYOUT_KEYS`) waits for a refresh too: Tab goes to the next widget by
   its place on screen, and typed just after a key had shown a row of widgets, it went
   by the places they had before (hidden), and skipped them. (A key typed on its own
   comes after the refresh anyway.)

Nothing waits for good: a key lost on the way (the widget it waits on closed) is given
up, looked at every `KEY_TIMEOUT` seconds (a slow machine only makes the way long).
Public API is used where Textual has it (`call_later`, `call_after_refresh`,
`is_forwarded`, `parent`, `is_attached`, `is_parent_active`); two private attributes
remain, for which it has none: whether a message was stopped (`_stop_propagation`) and
whether a pump is closing (`_closing`, `_closed`).
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

KEY_TIMEOUT = 1.0
# Keys whose effect depends on where widgets are on screen: Tab goes to the next
# widget by its place, which is known only once the screen has been laid out.
LAYOUT_KEYS = frozenset({"tab", "shift+tab"})
clock = time.monotonic  # when waits run out (a test puts its own clock here)
R = TypeVar("R")


class KeysInOrder(App[R]):
    """An App that dispatches key presses strictly one after another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key_in_flight: events.Key | None = None
        self._key_target: Any = None  # the widget the key in flight was handed to
        self._key_node: Any = None  # where the key's next callback waits
        self._keys_waiting: deque[events.Key] = deque()
        self._key_timer: Any = None
        self.keys_given_up = 0  # keys whose way was lost (should stay 0)
        self._keys_screen: Any = None  # the screen the last key was handed to
        self._turn: tuple[object, float, Any] | None = None  # a screen's turn: until, whose
        # Before the next key, a refresh of the screen is due: for a Tab ("tab"), or
        # for any key ("any", after a wait or a new screen: what they set going after
        # the refresh, such as a form's mark_clean, comes before the key); None: none.
        self._refresh_for: str | None = None
        self._in_burst = False  # the key before was still being handled when it came
        self._wake_timer: Any = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_in_flight is None and not self._keys_waiting:
                # typed on its own: what the key before it did was shown meanwhile
                self._refresh_for = None
                self._in_burst = False
            self._keys_waiting.append(event)
            await self._pump_keys()
            return
        await super().on_event(event)

    # ------------------------------------------------------------------ what may wait

    def keys_held(self, now: float) -> float | None:
        """When to look again if something besides the order keeps the next key back
        (None: nothing does). A subclass says; it calls `keys_may_go_on()` when that
        has changed."""
        return None

    def keys_may_go_on(self) -> None:
        """What kept the keys back may have gone: look again."""
        self.call_later(self._pump_keys)

    # ------------------------------------------------------------------ the pump

    async def _pump_keys(self) -> None:
        """Hand on the next key if nothing keeps it back. Called whenever something
        that kept it back may have changed: each condition is looked at afresh."""
        while self._key_in_flight is None and self._keys_waiting:
            now = clock()
            if self._turn is not None:
                token, until, screen = self._turn
                if until > now:
                    return  # the screen's turn comes (_turn_done)
                if _alive(screen):  # busy (a slow machine): its turn still comes
                    self._turn = (token, now + KEY_TIMEOUT, screen)
                    self._wake_at(now + KEY_TIMEOUT)
                    return
                self._turn = None
            screen = self.screen
            if screen is not self._keys_screen:
                # A key opened (or closed) a screen: the next key waits until it has
                # mounted (or handled its resume, where it reloads), and then one more
                # turn of the app's queue, through which the focus its on_mount gave
                # arrives; or the first letters typed into a new form would go to the
                # wrong widget.
                self._keys_screen = screen
                if self._in_burst:
                    self._refresh_for = "any"
                if self._wait_turn(screen, screen.call_later, now):
                    return
            until = self.keys_held(now)
            if until is not None:
                self._refresh_for = "any"
                self._wake_at(until)
                return
            due = self._refresh_for
            if due == "any" or (due == "tab" and self._keys_waiting[0].key in LAYOUT_KEYS):
                # after the screen's next refresh (at once if nothing is to be done)
                self._refresh_for = None
                if self._wait_turn(screen, screen.call_after_refresh, now):
                    return
            self._refresh_for = None
            await self._dispatch_key(self._keys_waiting.popleft())

    def _wait_turn(self, screen: Any, schedule: Any, now: float) -> bool:
        """Go on once `schedule` (the screen's call_later or call_after_refresh) has
        called back, through the app's queue; False if it cannot be scheduled."""
        token = object()
        if not schedule(self.call_later, self._turn_done, token):
            return False
        self._turn = (token, now + KEY_TIMEOUT, screen)
        self._wake_at(now + KEY_TIMEOUT)
        return True

    def _wake_at(self, when: float) -> None:
        """Look again at `when` at the latest (what keeps a key back may never go)."""
        if self._wake_timer is not None:
            self._wake_timer.stop()
        self._wake_timer = self.set_timer(max(0.0, when - clock()) + 0.01,
                                          self._pump_keys)

    def _turn_done(self, token: object) -> None:
        if self._turn is not None and self._turn[0] is token:
            self._turn = None
            self.call_later(self._pump_keys)

    # ------------------------------------------------------------------ one key

    async def _dispatch_key(self, event: events.Key) -> None:
        target: MessagePump = self.focused or self.screen
        self._key_in_flight = event
        self._key_target = target
        self._key_node = self
        self._key_timer = self.set_timer(KEY_TIMEOUT, lambda: self._give_up(event))
        await super().on_event(event)  # priority bindings, or handed to the target
        if not event.is_forwarded:
            self._key_done(event)  # a priority binding took it
        elif self._post(target, self._follow, event, target) is False:
            self._key_done(event)

    def _post(self, node: Any, callback: Any, *args: Any) -> bool:
        """`node.call_later(callback, *args)`, remembering where the key waits."""
        if node.call_later(callback, *args):
            self._key_node = node
            return True
        return False

    def _follow(self, event: events.Key, node: Any) -> None:
        """Runs on `node` just after it handled `event`: follow the key while it bubbles.

        A bubbling message is posted to the parent while the node handles it, so a
        callback posted to the parent now runs after the parent has handled it too.
        """
        if event is not self._key_in_flight:
            return
        parent = node.parent
        if parent is self:
            # A screen: the key goes on to the app, where the bindings run, even though
            # Textual marks it stopped there (the app sent it). Done after the app's
            # queue has reached it.
            self._post(self, self._key_done, event)
            return
        bubbles = (event.bubble and not event._stop_propagation and parent is not None
                   and node.is_parent_active and node.is_attached)
        if not bubbles:
            self._key_done(event)
        elif not self._post(parent, self._follow, event, parent):
            self._key_done(event)

    def _key_done(self, event: events.Key) -> None:
        """The key is handled; what its handler or binding posted is handled next."""
        if event is not self._key_in_flight:
            return
        target = self._key_target
        if not self._post(target, self._settle, event, target):
            self._post(self, self._key_settled, event)

    def _settle(self, event: events.Key, node: Any) -> None:
        """Runs on `node` once its queue has handled what was posted to it before: go
        on to its parent, up to the app, where the next key goes.

        A message posted while the key was handled (an option ticked, a field
        changed) reaches `node` before this callback, and bubbles on to the parent
        before the callback does the same.
        """
        if event is not self._key_in_flight:
            return
        if node is self:
            self._key_settled(event)
            return
        parent = node.parent
        if parent is None or not self._post(parent, self._settle, event, parent):
            self._post(self, self._key_settled, event)

    def _give_up(self, event: events.Key) -> None:
        """The key has not come through in KEY_TIMEOUT: given up if its way is lost
        (the widget its callback waits on has closed); on a busy machine, waited for."""
        if event is not self._key_in_flight:
            return
        if self._key_node is self or _alive(self._key_node):
            self._key_timer = self.set_timer(KEY_TIMEOUT, lambda: self._give_up(event))
            return
        self.keys_given_up += 1
        self._key_settled(event)

    def _key_settled(self, event: events.Key) -> None:
        if event is not self._key_in_flight:
            return
        self._key_in_flight = None
        self._key_target = None
        self._key_node = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        if self._keys_waiting:
            # through the app's queue: a focus the key gave (widget.focus() goes that
            # way, as when Enter opens a drop-down) is set before the next key comes;
            # in a burst, a Tab after the screen shows what this key did
            self._in_burst = True
            self._refresh_for = self._refresh_for or "tab"
            self.call_later(self._pump_keys)


def _alive(node: Any) -> bool:
    """A message pump that will still handle what is posted to it (Textual 8's flags)."""
    return node is not None and not (getattr(node, "_closing", False)
                                     or getattr(node, "_closed", False))
