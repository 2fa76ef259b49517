"""Every error a user may see is a UserError: a key and parameters, said in the language."""

from __future__ import annotations

import pytest

from facilitator.cycle import CycleError
from facilitator.errors import (
    DatabaseRefused,
    StorageError,
    StoreError,
    UserError,
    ValidationError,
    WriteError,
)
from facilitator.export.email import RecipientError
from facilitator.i18n import set_language
from facilitator.parse import InputError, parse_date
from facilitator.tablefile import ImporterError


@pytest.mark.parametrize("kind", [StoreError, DatabaseRefused, StorageError, ImporterError,
                                  InputError, CycleError, RecipientError, WriteError])
def test_every_error_a_user_sees_is_a_user_error(kind: type) -> None:
    assert issubclass(kind, UserError)


def test_a_validation_error_names_its_field_and_says_its_message() -> None:
    err = ValidationError("date", "err.required")
    assert isinstance(err, UserError) and err.field == "date" and err.key == "err.required"
    assert str(err) == err.message() and err.message() != "err.required"


def test_the_message_follows_the_language() -> None:
    with pytest.raises(UserError) as caught:
        parse_date("31.02.2026")
    try:
        set_language("en")
        english = caught.value.message()
    finally:
        set_language("nb")
    norwegian = caught.value.message()
    assert english != norwegian and "31.02.2026" in norwegian
    assert isinstance(caught.value, ValueError)  # callers that catch ValueError still do
