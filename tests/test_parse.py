"""Property tests of input parsing, folding, Norwegian sorting and safe text display."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from facilitator.domain import fold, match_rank, norwegian_key
from facilitator.parse import (
    InputError,
    email_ascii,
    format_date,
    format_date_span,
    parse_date,
    parse_email,
    parse_email_list,
    parse_optional_date,
    parse_score,
    parse_timestamp,
    parse_yes_no,
    timestamp_order,
    visible,
)
from facilitator.text import clean, literal

# --------------------------------------------------------------------------- dates


@given(st.dates())
@example(date(1, 1, 1))
@example(date(2024, 2, 29))
@example(date(9999, 12, 31))
def test_parse_date_round_trips_format_date(day: date) -> None:
    text = format_date(day)
    assert len(text) == 10 and text[2] == text[5] == "."
    assert parse_date(text) == day
    assert parse_date(f"  {text} ") == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day}.{day.month}.{day.year:04d}") == day
    assert parse_date(f"{day.day:02d}/{day.month:02d}/{day.year:04d}") == day


@pytest.mark.parametrize("text", [
    "31.02.2026", "2026-13-01", "29.02.2025", "00.01.2026", "32.01.2026", "2026-02-30",
    "31.04.2026", "1.1.26", "", "   ", "i morgen", "2026/01/01", "12.12", "1.1.2026x",
])
def test_parse_date_refuses_impossible_and_malformed(text: str) -> None:
    with pytest.raises(InputError) as e:
        parse_date(text)
    assert e.value.key == "err.bad_date"
    assert e.value.params["value"] == text.strip()
    assert text.strip() in e.value.message()


@given(st.text(max_size=20))
def test_parse_date_only_ever_returns_a_date_or_bad_date(text: str) -> None:
    try:
        result = parse_date(text)
    except InputError as e:
        assert e.key == "err.bad_date"
    else:
        assert isinstance(result, date)


def test_optional_date_and_empty_format() -> None:
    assert parse_optional_date(None) is None
    assert parse_optional_date("  ") is None
    assert parse_optional_date("22.11.2026") == date(2026, 11, 22)
    assert format_date(None) == ""
    assert format_date(date(2026, 1, 5)) == "05.01.2026"


def test_date_span_is_one_date_for_one_day() -> None:
    day = date(2026, 11, 26)
    assert format_date_span(day, day) == format_date_span(day, None) == "26.11.2026"
    assert format_date_span(day, date(2026, 11, 27)) == "26.–27.11.2026"
    assert format_date_span(date(2026, 9, 30), date(2026, 10, 1)) == "30.09.–01.10.2026"
    assert format_date_span(date(2026, 12, 30), date(2027, 1, 2)) == "30.12.2026–02.01.2027"


@given(st.dates(), st.integers(0, 400))
def test_date_span_names_both_days_and_never_repeats_one(start: date, days: int) -> None:
    end = date.fromordinal(min(start.toordinal() + days, date.max.toordinal()))
    text = format_date_span(start, end)
    assert text.endswith(format_date(end))
    assert (text == format_date(start)) == (start == end)
    assert text.count(format_date(end)) == 1


# --------------------------------------------------------------------------- time stamps

# How survey tools and Excel write when a response was completed, and the order of day
# and month that reads it.
WRITTEN = {
    "iso": (lambda d: d.isoformat(sep=" "), True),
    "iso-t": (lambda d: d.isoformat() + "Z", True),
    "nb-excel": (lambda d: f"{d:%d.%m.%Y %H:%M:%S}", True),
    "nb-kl": (lambda d: f"{d.day}.{d.month}.{d.year} kl. {d:%H.%M.%S}", True),
    "en-us": (lambda d: f"{d.month}/{d.day}/{d.year} {d.hour % 12 or 12}:{d:%M:%S} "
                        f"{'PM' if d.hour >= 12 else 'AM'}", False),
    "en-gb": (lambda d: f"{d:%d/%m/%Y %H:%M:%S}", True),
}
moments = st.datetimes(min_value=datetime(1960, 1, 1), max_value=datetime(2099, 12, 31)
                       ).map(lambda d: d.replace(microsecond=0))


@given(moments, st.sampled_from(sorted(WRITTEN)))
def test_parse_timestamp_reads_what_tools_write(moment: datetime, style: str) -> None:
    write, day_first = WRITTEN[style]
    assert parse_timestamp(write(moment), day_first=day_first) == moment
    assert parse_timestamp(f"  {write(moment)} ", day_first=day_first) == moment


@given(moments.filter(lambda d: d.year >= 2000))
def test_parse_timestamp_two_digit_years_and_dates_alone(moment: datetime) -> None:
    assert parse_timestamp(f"{moment.month}/{moment.day}/{moment:%y} {moment:%H:%M}",
                           day_first=False) == moment.replace(second=0)
    assert parse_timestamp(f"{moment:%d.%m.%Y}") == datetime(moment.year, moment.month,
                                                              moment.day)


@given(moments.filter(lambda d: d.year >= 1955))
def test_parse_timestamp_reads_excel_serial_numbers(moment: datetime) -> None:
    serial = (moment - datetime(1899, 12, 30)) / timedelta(days=1)
    parsed = parse_timestamp(repr(serial))
    assert parsed is not None and abs(parsed - moment) <= timedelta(seconds=1)


@given(st.lists(moments, min_size=1, max_size=8), st.sampled_from(["en-us", "en-gb"]))
def test_timestamp_order_is_decided_by_the_column(days: list[datetime], style: str) -> None:
    write, day_first = WRITTEN[style]
    order = timestamp_order(write(d) for d in days)
    if any(d.day > 12 for d in days) or style == "en-us":  # AM/PM says US
        assert order is day_first
    else:
        assert order is None  # nothing tells; the importer tries both
    for d in days:
        assert parse_timestamp(write(d), day_first=order if order is not None
                               else day_first) == d


@given(st.text(max_size=50))
@example("31.02.2026 12:00")
@example("13/13/2026")
@example("12/15/2026 13:00 PM")
@example("99999")
def test_parse_timestamp_never_fails(text: str) -> None:
    for day_first in (True, False):
        result = parse_timestamp(text, day_first=day_first)
        assert result is None or isinstance(result, datetime)


# --------------------------------------------------------------------------- scores


@given(st.integers(1, 6),
       st.text(max_size=30).filter(lambda s: "\n" not in s and not s.lstrip()[:1].isdigit()))
def test_parse_score_accepts_every_form(n: int, label: str) -> None:
    # a label may be anything but a number: "5 - 6" is a range, refused below
    assert parse_score(n) == n
    assert parse_score(float(n)) == n
    assert parse_score(str(n)) == n
    assert parse_score(f"  {n}  ") == n
    assert parse_score(f"{n}.0") == n
    assert parse_score(f"{n} - {label}") == n


@pytest.mark.parametrize("value", ["5", " 5 ", "5 - Svært enig", 5, 5.0, "5,0", "5 – helt enig"])
def test_parse_score_named_forms_of_five(value: object) -> None:
    assert parse_score(value) == 5


@pytest.mark.parametrize("value", [0, 7, -1, 4.5, 0.0, 6.5, "0", "7", "4.5", "4,5", "fem",
                                   "5.5", "10", "-5", "5 5", "x5", True, False, float("nan")])
def test_parse_score_refuses(value: object) -> None:
    with pytest.raises(InputError) as e:
        parse_score(value)  # type: ignore[arg-type]
    assert e.value.key == "err.bad_score"


@given(st.integers().filter(lambda n: not 1 <= n <= 6))
def test_parse_score_refuses_every_other_integer(n: int) -> None:
    with pytest.raises(InputError):
        parse_score(n)
    with pytest.raises(InputError):
        parse_score(str(n))


@given(st.floats(allow_nan=True, allow_infinity=True).filter(
    lambda x: not (x == x and x.is_integer() and 1 <= x <= 6)))
def test_parse_score_refuses_every_other_float(x: float) -> None:
    with pytest.raises(InputError):
        parse_score(x)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_score_empty_is_skipped(value: object) -> None:
    assert parse_score(value) is None  # type: ignore[arg-type]


# --------------------------------------------------------------------------- yes / no


@pytest.mark.parametrize("value,expected", [
    ("Ja", 1), ("ja", 1), (" JA ", 1), ("j", 1), ("yes", 1), ("Y", 1), ("1", 1), (1, 1),
    (True, 1), ("sant", 1),
    ("Nei", 0), ("nei", 0), ("n", 0), ("No", 0), ("0", 0), (0, 0), (False, 0), ("usant", 0),
    (None, None), ("", None), ("  ", None),
])
def test_parse_yes_no(value: object, expected: int | None) -> None:
    assert parse_yes_no(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["kanskje", "jo", "2", 2, -1, "ja nei"])
def test_parse_yes_no_refuses(value: object) -> None:
    with pytest.raises(InputError) as e:
        parse_yes_no(value)  # type: ignore[arg-type]
    assert e.value.key == "err.bad_yes_no"


# --------------------------------------------------------------------------- e-mail


def test_email() -> None:
    assert parse_email(" kari@example.no ") == "kari@example.no"
    assert parse_email("") is None and parse_email(None) is None
    for bad in ("kari", "kari@", "@example.no", "kari@example", "a b@example.no",
                "kari@@example.no", "kari@example.n"):
        with pytest.raises(InputError) as e:
            parse_email(bad)
        assert e.value.key == "err.bad_email"
    assert parse_email_list("a@example.no, b@example.no;c@example.no  d@example.no") == [
        "a@example.no", "b@example.no", "c@example.no", "d@example.no"]
    assert parse_email_list("") == []


@pytest.mark.parametrize("value", [
    "kari@example.no", "kari.nordmann+nettverk@bo.kommune.no", "o'brien@example.com",
    "#!$%&'*+-/=?^_`{|}~@example.no", "KARI@EXAMPLE.NO", "kari@bø.kommune.no",
    "x@xn--b-5ga.kommune.no", "a@b.c.d.example.museum",
])
def test_email_accepts_real_addresses(value: str) -> None:
    assert parse_email(value) == value


@pytest.mark.parametrize("value", [
    "a@example.no\nBcc: b@evil.example", "a@example.no\r\nBcc: b@evil.example",
    "a@example.no\x00", "a\x1b[31m@example.no", "a@exa\u200bmple.no", "a@exa\u2028mple.no",
    "a\u202e@example.no", "kåre@example.no", "a..b@example.no", ".a@example.no",
    "a.@example.no", "a@-example.no", "a@example-.no", "a@exam_ple.no", "a@example..no",
    "a@example.no.", "a@example.123", "\"a\"@example.no", "a(b)@example.no",
    "<a@example.no>", "a@[1.2.3.4]", "a@example.no,b@example.no", "x" * 65 + "@example.no",
    "a@" + "x" * 64 + ".no",
])
def test_email_refuses_what_a_header_cannot_carry(value: str) -> None:
    with pytest.raises(InputError) as e:
        parse_email(value)
    # the message names the value in one line, its control characters made visible
    message = e.value.message()
    assert "\n" not in message and "\r" not in message and "\x1b" not in message
    assert message == f"«{visible(value.strip())}» ser ikke ut som en e-postadresse."


_CONTROL_OR_SPACE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}


@given(st.text(max_size=60))
@example("a@example.no\nBcc: b@evil.example")
@example("a@b.no\x85")
@example("a@b.no")
@example("a@b@c.no")
def test_email_accepts_nothing_a_header_could_be_broken_with(text: str) -> None:
    """No accepted address holds a control character, whitespace inside or a second @,
    and every one round-trips through email.headerregistry (in its header form)."""
    try:
        value = parse_email(text)
    except InputError as e:
        assert e.key == "err.bad_email"
        return
    if value is None:
        assert not text.strip()
        return
    assert value == text.strip() and value.count("@") == 1
    assert not any(unicodedata.category(ch) in _CONTROL_OR_SPACE or ch.isspace()
                   for ch in value)
    _round_trips(value)


def _round_trips(value: str) -> None:
    header = email_ascii(value)
    assert header is not None and header.isascii()
    address = Address(addr_spec=header)
    assert address.addr_spec == header
    assert (address.username, address.domain) == tuple(header.split("@"))
    msg = EmailMessage(policy=policy.SMTP)
    msg["To"] = header
    parsed = message_from_bytes(msg.as_bytes(), policy=policy.default)
    assert [a.addr_spec for a in parsed["To"].addresses] == [header]


_LOCAL = st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~",
                 min_size=1, max_size=20)
_LABEL = st.from_regex(r"[a-z0-9æøå](?:[a-z0-9æøå-]{0,20}[a-z0-9æøå])?", fullmatch=True)


@given(st.lists(_LOCAL, min_size=1, max_size=3), st.lists(_LABEL, min_size=1, max_size=3),
       st.sampled_from(["no", "com", "museum", "xn--mgbaam7a8h"]))
def test_email_addresses_people_write_are_accepted_and_round_trip(
        locals_: list[str], labels: list[str], tld: str) -> None:
    value = ".".join(locals_) + "@" + ".".join([*labels, tld])
    assert parse_email(value) == value
    _round_trips(value)


# --------------------------------------------------------------------------- folding and sorting


NORWEGIAN = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"
                                  "éèüöäáčšžŋđŧ -'")),
    max_size=30,
)


@given(st.text(max_size=40))
@example("Ǽrlig ÅSEN")
@example("ℌ")
@example("İ")
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(NORWEGIAN)
def test_fold_maps_norwegian_letters(text: str) -> None:
    folded = fold(text)
    assert not set("æøåÆØÅ") & set(folded)
    assert folded == folded.lower()
    assert fold(text.upper()) == folded or "ß" in text


def test_fold_examples() -> None:
    assert fold("Øksnes") == "oksnes"
    assert fold("MÅLSELV") == "malselv"
    assert fold("Bærum") == "baerum"
    assert fold("Kárášjohka") == "karasjohka"
    assert match_rank("okses", "Øksnes") == 2
    assert match_rank("bø", "Bodø") == 0  # æøå-insensitive: "bø" is a prefix of "bodo"
    assert match_rank("xyz", "Bodø") is None
    assert match_rank("bo", "Bø") == 0


@given(st.permutations(["Aa", "Zz", "Æ", "Ø", "Å"]))
def test_norwegian_order(names: list[str]) -> None:
    assert sorted(names, key=norwegian_key) == ["Aa", "Zz", "Æ", "Ø", "Å"]


def test_norwegian_order_more() -> None:
    names = ["Åsnes", "ålesund", "Øksnes", "Ørsta", "Ærlig", "Zeta", "Bø", "Bodø", "bamble",
             "Évje", "Ås"]
    assert sorted(names, key=norwegian_key) == [
        "bamble", "Bodø", "Bø", "Évje", "Zeta", "Ærlig", "Øksnes", "Ørsta", "ålesund", "Ås",
        "Åsnes"]
    assert norwegian_key("oslo")[0] == norwegian_key("OSLO")[0]


@given(NORWEGIAN, NORWEGIAN)
def test_norwegian_key_is_a_total_order(a: str, b: str) -> None:
    ka, kb = norwegian_key(a), norwegian_key(b)
    assert (ka < kb) + (ka > kb) + (ka == kb) == 1
    assert (ka == kb) == (a == b)


# --------------------------------------------------------------------------- safe text


BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _unsafe(ch: str) -> bool:
    code = ord(ch)
    return code == 0x7F or 0x80 <= code < 0xA0 or ch in BIDI or 0xD800 <= code < 0xE000


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec=None), max_size=60))
@example("\x1b[31mrød\x1b[0m\x9b2J\x07")
@example("linje 1\r\nlinje 2\ttab\u202eevil")
def test_clean_never_lets_controls_through(text: str) -> None:
    one = clean(text)
    assert not any(ord(c) < 0x20 for c in one)
    assert not any(_unsafe(c) for c in one)
    multi = clean(text, single_line=False)
    assert "\x1b" not in multi
    assert not any(ord(c) < 0x20 and c != "\n" for c in multi)
    assert not any(_unsafe(c) for c in multi)
    assert multi.count("\n") == text.count("\n")


@given(st.text(max_size=60), st.integers(1, 40))
def test_clean_respects_the_limit(text: str, limit: int) -> None:
    """The limit is in screen columns (an emoji takes two); a cut ends in "…" with no
    space before it."""
    from rich.cells import cell_len

    out = clean(text, limit=limit)
    assert cell_len(out) <= limit
    if cell_len(clean(text)) > limit:
        assert out.endswith("…") and not out.endswith(" …")
    else:
        assert out == clean(text)


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from(
    list("æøåÆØÅ😀\u200d")), max_size=40))
def test_clean_keeps_ordinary_text(text: str) -> None:
    assert clean(text) == text
    assert literal(text).plain == text


def test_clean_shows_controls_visibly() -> None:
    assert clean("\x1b[31m") == "␛[31m"
    assert clean("a\nb") == "a ⏎ b"
    assert clean("a\nb", single_line=False) == "a\nb"
    assert clean("\x9b") == "<U+009B>"
    assert clean(None) == "" and clean("") == ""
    assert literal("[bold]ikke fet[/bold]").plain == "[bold]ikke fet[/bold]"


def test_score_ranges_are_refused_not_truncated() -> None:
    for text in ("5-6", "5 - 6", "4–5"):
        with pytest.raises(InputError):
            parse_score(text)
    assert parse_score("5-Svært enig") == 5


def test_a_sort_key_looks_at_no_more_than_a_name() -> None:
    """A 200,000-character theme sorted the export's tables for four seconds."""
    from facilitator.domain import SORT_KEY_CHARS

    long = "Økonomi " * 25_000
    key = norwegian_key(long)
    assert len(key[0]) == SORT_KEY_CHARS and key[1] == long
    assert sorted(["b" + long, "a" + long], key=norwegian_key)[0].startswith("a")
