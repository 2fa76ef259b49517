"""The width rules of the list screens' columns (screens/listing.py), without a screen."""

from __future__ import annotations

from rich.text import Text

from facilitator.screens.listing import Column, Width, column_widths, fair_widths


def _col(key: str, width: Width, cell=lambda r, _w: r, **kwargs) -> Column:  # type: ignore[no-untyped-def]
    return Column("", key, cell, width, label=key.upper(), **kwargs)


def test_set_columns_come_first_and_the_shares_and_remainder_split_the_rest() -> None:
    columns = [
        _col("n", Width(natural=True)),  # "N" and cells of up to 5
        _col("s", Width(size=10)),
        _col("a", Width(share=(1, 2), minimum=4)),
        _col("b", Width(remainder=True, maximum=30)),
    ]
    rows = ["x", "12345"]
    # rest: 80 - 2 (scrollbar) - 4 * 2 (padding) - 5 - 10 = 55; a: 27; b: 28
    assert column_widths(columns, rows, 80) == [5, 10, 27, 28]
    # wide: b stops at its maximum
    assert column_widths(columns, rows, 200)[3] == 30
    # narrow: the rest is at least min_rest, a at least its minimum
    assert column_widths(columns, rows, 20, min_rest=6) == [5, 10, 4, 2]


def test_a_growing_column_widens_by_one_in_three_beyond_80_up_to_its_cells() -> None:
    role = _col("r", Width(natural=True, minimum=24, maximum=24, grow=3))
    rows = ["r" * 40]
    assert column_widths([role], rows, 80) == [24]
    assert column_widths([role], rows, 110) == [34]
    assert column_widths([role], rows, 200) == [40]
    assert column_widths([role], rows, 60) == [24]  # the minimum wins


def test_fits_measure_and_a_fit_cap() -> None:
    status = _col("st", Width(natural=True), measure=lambda _r: "", fits=("inactive",))
    name = _col("nm", Width(remainder=True, minimum=12, fit=24))
    assert column_widths([status, name], ["short"], 80) == [8, 24]  # name: no wider
    assert column_widths([status, name], ["n" * 30], 80) == [8, 30]
    assert column_widths([status, name], ["n" * 90], 30) == [8, 16]
    assert column_widths([status, name], ["n" * 90], 10) == [8, 12]  # its minimum


def test_a_text_cell_is_measured_as_shown_and_a_rich_text_by_its_cells() -> None:
    col = _col("c", Width(natural=True), cell=lambda r, _w: r)
    assert col.longest(["a\x1bb"]) == 3  # ESC shown as one picture
    rich = _col("c", Width(natural=True), cell=lambda r, _w: Text(r))
    assert rich.longest(["abcd"]) == 4
    assert col.render("a[b]", 10).plain == "a[b]"  # literally, never as markup
    assert col.render("abcdefghij", 5).plain == "abcd…"


def test_fair_columns_take_what_they_need_or_an_equal_share() -> None:
    assert fair_widths(40, [5, 50, 50], 10) == [5, 17, 17]
    assert fair_widths(10, [30, 30], 10) == [10, 10]  # never below the minimum
    assert fair_widths(40, [0, 3], 10) == [1, 3]
