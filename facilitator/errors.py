"""The one base of every error a user may see.

A `UserError` carries a message key of `facilitator.i18n` and its parameters, and says
itself in the current language (`message()`, also `str()`): a screen shows it at the
field, the command line prints it, and nobody sees a traceback. Each layer raises its
own kind (the store's `StoreError` and its kinds, here; `tablefile.ImporterError`,
`parse.InputError`, `cycle.CycleError`, `export.email.RecipientError`); a caller that
only shows the message may catch `UserError`. Standard library only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class UserError(Exception):
    """An error with a message key and parameters; never a traceback for users."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def message_params(self) -> dict[str, Any]:
        """The parameters as the message shows them (a subclass may word some)."""
        return dict(self.params)

    def message(self) -> str:
        from facilitator.i18n import t

        return t(self.key, **self.message_params())

    def __str__(self) -> str:
        return self.message()


class WriteError(UserError):
    """Writing files failed (a full disk, a read-only folder, a file in the way);
    nothing of what was being written is left."""


class StoreError(UserError):
    """What the store refuses or cannot do, said in the user's language."""

    def message_params(self) -> dict[str, object]:
        from facilitator.i18n import t

        params = dict(self.params)
        if "backup" in params and not isinstance(params["backup"], str):
            params["backup"] = _backup_sentence(params["backup"])
        if self.key == "err.not_found":  # "gathering" → "samlingen"
            params["what"] = t(f"what.{params.get('what', '')}")
        return params


class DatabaseRefused(StoreError):
    """The file is not one we may open; it has not been touched."""


class StorageError(StoreError):
    """Writing failed (disk full, busy, read-only); nothing of the action was saved."""


class ValidationError(StoreError):
    """Bad input for a field; `field` names the form field it belongs to."""

    def __init__(self, field: str, key: str, /, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


def _backup_sentence(backup: Path | None) -> str:
    from facilitator.i18n import t

    return t("err.newest_backup", backup=backup) if backup else t("err.no_backup")
