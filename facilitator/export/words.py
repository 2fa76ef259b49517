"""The summary's words in one summary language: its labels and the domain's values
(from `labels`), and its numbers, percentages, intervals and dates."""

from __future__ import annotations

from datetime import date

from facilitator.cycle import NOT_GIVEN
from facilitator.export.labels import LABELS, STATUS_SYMBOL, VALUES
from facilitator.parse import format_date, format_date_span

TITLE_LIMIT = 32  # characters of an assignment's title in a column head


class Words:
    """Labels, values and number/date formats of one summary language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LABELS else "nb"

    def __call__(self, key: str, **params: object) -> str:
        text = LABELS[self.lang][key]
        return text.format(**params) if params else text

    def value(self, code: str | None) -> str:
        if code is None:
            return "–"
        return VALUES[self.lang].get(code, code)

    def group(self, key: str, *, municipality: bool) -> str:
        """A breakdown row's name: the municipality, the role's word, or "not given"."""
        if key == NOT_GIVEN:
            return self("not_given")
        return key if municipality else self.value(key)

    def status(self, code: str | None) -> str:
        """A home-work status as the app words it (none recorded: not started)."""
        return self.value(code or "not_started")

    def status_cell(self, code: str | None) -> str:
        """"✓ levert": the app's symbol and word."""
        code = code or "not_started"
        return f"{STATUS_SYMBOL.get(code, '?')} {self.value(code)}"

    def homework_column(self, i: int, title: str) -> str:
        """The head of assignment `i`'s column: "Oppgave 1: Perspektivanalyse", the title
        cut at a word (with …) when long, line breaks as spaces."""
        title = " ".join(title.split())
        if len(title) > TITLE_LIMIT:
            cut = title[:TITLE_LIMIT - 1]
            cut = cut.rsplit(" ", 1)[0] if " " in cut[TITLE_LIMIT // 2:] else cut
            title = cut.rstrip(" ,.;:–-") + "…"
        return self("homework_col", i=i, title=title) if title else f"{self('assignment')} {i}"

    def rate_line(self, responses: int, present: int) -> str:
        """"Antall svar: 20 (87 %)", or the reason there is no rate."""
        head = f"{self('responses')}: {responses}"
        if responses > present:
            return f"{head}. {self('over_attendance', present=present)}"
        return f"{head} ({self.percent(responses / present)})" if present else head

    def number(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return "–"
        text = f"{value:.{digits}f}"
        return text if self.lang == "en" else text.replace(".", ",")

    def percent(self, share: float | None) -> str:
        if share is None:
            return "–"
        return f"{self.number(100 * share, 0)} %"

    def interval(self, ci: tuple[float, float] | None, *, percent: bool = False) -> str:
        """"4,5–5,3", "58–92 %"; one number when both ends read the same ("5,0", not
        "5,0–5,0": every answer alike), as a one-day gathering has one date."""
        if ci is None:
            return "–"
        if percent:
            low, high = self.number(100 * ci[0], 0), self.number(100 * ci[1], 0)
            return f"{low} %" if low == high else f"{low}–{high} %"
        low, high = self.number(ci[0]), self.number(ci[1])
        return low if low == high else f"{low}–{high}"

    @staticmethod
    def date(value: date | None) -> str:
        return format_date(value) if value else "–"

    @staticmethod
    def dates(start: date, end: date | None) -> str:
        """A gathering's dates: one date for one day, "20.–21.10.2026" for two."""
        return format_date_span(start, end)

    def question(self, text_nb: str, text_en: str) -> str:
        return text_en if self.lang == "en" and text_en else text_nb
