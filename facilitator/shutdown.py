"""Leaving cleanly on SIGTERM and SIGHUP (on Windows: SIGTERM and SIGBREAK, which a
closed console window or ctrl+break sends; Windows has no SIGHUP).

The command line turns such a signal into `Terminated`, raised wherever the program
is. It is a BaseException, so no `except Exception` swallows it, and it unwinds like
ctrl+c: the transaction in flight rolls back, temporary files are removed, locks are
released, and `main` prints one line. `deferred()` holds a signal back over a few
lines that must run together (a swap of files).

The app does not raise: `install_loop_handlers` makes the signal call back on the
event loop, where the app exits the normal way, so Textual restores the terminal
(alternate screen, cursor, mouse reporting, echo). Thread workers finish their
transaction: the loop's executor waits for them before the process ends.

Nothing here ever sends a signal to another process.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

from facilitator import files

_lock = threading.Lock()
_deferring = 0
_pending: int | None = None


def exit_signals() -> list[int]:
    """The signals that ask the program to end, as this platform has them."""
    names = ("SIGTERM", "SIGBREAK") if files.WINDOWS else ("SIGTERM", "SIGHUP")
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)


class Terminated(BaseException):
    """The program was asked to end by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 143 for SIGTERM, 129 for SIGHUP


def _raise(signum: int, _frame: Any) -> None:
    global _pending
    with _lock:
        if _deferring:
            _pending = signum
            return
    raise Terminated(signum)


def install_cli_handlers() -> dict[int, Any]:
    """Raise `Terminated` in the main thread on an exit signal (the command line).
    Returns the handlers replaced, for `restore_handlers`."""
    saved = {}
    for sig in exit_signals():
        with contextlib.suppress(ValueError, OSError):  # not the main thread
            saved[sig] = signal.signal(sig, _raise)
    return saved


def restore_handlers(saved: dict[int, Any]) -> None:
    for sig, handler in saved.items():
        with contextlib.suppress(ValueError, OSError, TypeError):
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold an exit signal back until the block has run; then act on it."""
    global _deferring, _pending
    with _lock:
        _deferring += 1
    try:
        yield
    finally:
        with _lock:
            _deferring -= 1
            pending = _pending if not _deferring else None
            if pending is not None:
                _pending = None
        if pending is not None:
            signal.raise_signal(pending)  # runs the handler again, now free to act


def install_loop_handlers(loop: Any, callback: Callable[[int], None]) -> list[int]:
    """Call `callback(signum)` on the event loop for each exit signal: through
    `loop.add_signal_handler` where the loop has it (Linux, macOS), else through
    `signal.signal` handing over to the loop thread-safely (Windows). Returns the
    signals handled."""
    handled = []
    for sig in exit_signals():
        try:
            loop.add_signal_handler(sig, callback, sig)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            def handler(signum: int, _frame: Any) -> None:
                loop.call_soon_threadsafe(callback, signum)

            try:
                signal.signal(sig, handler)
            except (ValueError, OSError):
                continue
        handled.append(sig)
    return handled
