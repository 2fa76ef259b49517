"""Words of the summary in bokmål, nynorsk and English, and number/date formats.

The summary has its own language (the network's setting, overridable per export),
independent of the interface language, so it carries its own small catalog.
"""

from __future__ import annotations

from datetime import date

from facilitator.cycle import NOT_GIVEN
from facilitator.parse import format_date, format_date_span

LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Oppsummering {network} – samling {seq} ({date})",
        "subject": "Oppsummering {network} – samling {seq} ({date})",
        "intro": "Oppsummering av perioden som ble avsluttet med samling {seq}.",
        "cycle1": "Første samling i nettverket.",
        "cycle": "Periode: samling {prev} ({prev_date}) → samling {seq} ({date}).",
        "s.gathering": "Samlingen",
        "s.attendance": "Oppmøte",
        "s.evaluation": "Evaluering",
        "s.distribution": "Fordeling av svar (1–6)",
        "s.comments": "Kommentarer",
        "s.homework": "Hjemmearbeid",
        "s.meetings": "Kommunemøter",
        "s.ahead": "Veien videre",
        "s.trend": "Utvikling over samlingene",
        "s.names": "Til stede (navn)",
        "kind": "Type",
        "date": "Dato",
        "place": "Sted",
        "themes": "Tema",
        "municipality": "Kommune",
        "role": "Rolle",
        "present": "Til stede",
        "registered": "Registrerte deltakere",
        "total": "Totalt",
        "name": "Navn",
        "question": "Spørsmål",
        "n": "Svar",
        "skipped": "Hoppet over",
        "rate": "Svarprosent",
        "mean": "Snitt",
        "median": "Median",
        "sd": "Std.avvik",
        "good": "Andel 4–6",
        "yes": "Andel ja",
        "ci": "95 % intervall",
        "responses": "Antall svar",
        "gathering": "Samling",
        "homework": "Oppgave",
        "due": "Frist",
        "given_at": "Gitt på samling {seq}",
        "status": "Status",
        "note": "Merknad",
        "people": "Deltakere",
        "press": "Presse",
        "summary": "Oppsummering",
        "decisions": "Vedtak",
        "follow_ups": "Oppfølging",
        "missing": "Mangler i trepartssamarbeidet: {parties}",
        "party.political": "folkevalgte",
        "party.administration": "administrasjon",
        "party.employees": "tillitsvalgte/verneombud",
        "next": "Neste samling: {seq} – {date}, {place}",
        "next_no_place": "Neste samling: {seq} – {date}",
        "no_next": "Neste samling er ikke fastsatt.",
        "none_homework": "Ingen hjemmearbeid i denne perioden.",
        "none_meetings": "Ingen kommunemøter i denne perioden.",
        "none_responses": "Ingen evalueringssvar ennå.",
        "none_comments": "Ingen kommentarer.",
        "suppressed": "skjult",
        "suppressed_note": "«Skjult»: færre enn 5 svar eller ingen svar, eller skjult for at ingen liten gruppe skal kunne regnes ut fra totalen. Alle kommuner og roller står i tabellen.",
        "not_given": "ikke oppgitt",
        "by_municipality": "Per kommune",
        "by_role": "Per rolle",
        "yes_word": "ja",
        "no_word": "nei",
        "generated": "Laget {date} med facilitator.",
        "count_by_role": "per rolle",
        "over_attendance": "Flere svar enn registrert oppmøte ({present} til stede): oppmøtet er trolig ikke ført fullt ut, så svarprosenten vises ikke.",
        "rate_hidden": "– (flere svar enn registrert oppmøte)",
        "homework_col": "Oppgave {i}: {title}",
        "ci_mean_lo": "Snitt, 95 % intervall fra",
        "ci_mean_hi": "Snitt, 95 % intervall til",
        "ci_yes_lo": "Andel ja, 95 % intervall fra",
        "ci_yes_hi": "Andel ja, 95 % intervall til",
        "sheet.summary": "Oppsummering",
        "sheet.evaluation": "Evaluering",
        "sheet.distribution": "Fordeling",
        "sheet.by_municipality": "Evaluering per kommune",
        "sheet.by_role": "Evaluering per rolle",
        "sheet.comments": "Kommentarer",
        "sheet.homework": "Hjemmearbeid",
        "sheet.homework_detail": "Hjemmearbeid detaljer",
        "sheet.meetings": "Kommunemøter",
        "sheet.attendance_municipality": "Oppmøte per kommune",
        "sheet.attendance_role": "Oppmøte per rolle",
        "sheet.attendance_names": "Oppmøte navn",
        "sheet.trend": "Utvikling",
        "page_of": "Side {page} av {pages}",
    },
    "nn": {
        "title": "Oppsummering {network} – samling {seq} ({date})",
        "subject": "Oppsummering {network} – samling {seq} ({date})",
        "intro": "Oppsummering av perioden som vart avslutta med samling {seq}.",
        "cycle1": "Første samling i nettverket.",
        "cycle": "Periode: samling {prev} ({prev_date}) → samling {seq} ({date}).",
        "s.gathering": "Samlinga",
        "s.attendance": "Oppmøte",
        "s.evaluation": "Evaluering",
        "s.distribution": "Fordeling av svar (1–6)",
        "s.comments": "Kommentarar",
        "s.homework": "Heimearbeid",
        "s.meetings": "Kommunemøte",
        "s.ahead": "Vegen vidare",
        "s.trend": "Utvikling over samlingane",
        "s.names": "Til stades (namn)",
        "kind": "Type",
        "date": "Dato",
        "place": "Stad",
        "themes": "Tema",
        "municipality": "Kommune",
        "role": "Rolle",
        "present": "Til stades",
        "registered": "Registrerte deltakarar",
        "total": "Totalt",
        "name": "Namn",
        "question": "Spørsmål",
        "n": "Svar",
        "skipped": "Hoppa over",
        "rate": "Svarprosent",
        "mean": "Snitt",
        "median": "Median",
        "sd": "Std.avvik",
        "good": "Del 4–6",
        "yes": "Del ja",
        "ci": "95 % intervall",
        "responses": "Tal på svar",
        "gathering": "Samling",
        "homework": "Oppgåve",
        "due": "Frist",
        "given_at": "Gitt på samling {seq}",
        "status": "Status",
        "note": "Merknad",
        "people": "Deltakarar",
        "press": "Presse",
        "summary": "Oppsummering",
        "decisions": "Vedtak",
        "follow_ups": "Oppfølging",
        "missing": "Manglar i trepartssamarbeidet: {parties}",
        "party.political": "folkevalde",
        "party.administration": "administrasjon",
        "party.employees": "tillitsvalde/verneombod",
        "next": "Neste samling: {seq} – {date}, {place}",
        "next_no_place": "Neste samling: {seq} – {date}",
        "no_next": "Neste samling er ikkje fastsett.",
        "none_homework": "Ikkje noko heimearbeid i denne perioden.",
        "none_meetings": "Ingen kommunemøte i denne perioden.",
        "none_responses": "Ingen evalueringssvar enno.",
        "none_comments": "Ingen kommentarar.",
        "suppressed": "skjult",
        "suppressed_note": "«Skjult»: færre enn 5 svar eller ingen svar, eller skjult for at inga lita gruppe skal kunne reknast ut frå totalen. Alle kommunar og roller står i tabellen.",
        "not_given": "ikkje oppgitt",
        "by_municipality": "Per kommune",
        "by_role": "Per rolle",
        "yes_word": "ja",
        "no_word": "nei",
        "generated": "Laga {date} med facilitator.",
        "count_by_role": "per rolle",
        "over_attendance": "Fleire svar enn registrert oppmøte ({present} til stades): oppmøtet er truleg ikkje ført fullt ut, så svarprosenten blir ikkje vist.",
        "rate_hidden": "– (fleire svar enn registrert oppmøte)",
        "homework_col": "Oppgåve {i}: {title}",
        "ci_mean_lo": "Snitt, 95 % intervall frå",
        "ci_mean_hi": "Snitt, 95 % intervall til",
        "ci_yes_lo": "Del ja, 95 % intervall frå",
        "ci_yes_hi": "Del ja, 95 % intervall til",
        "sheet.summary": "Oppsummering",
        "sheet.evaluation": "Evaluering",
        "sheet.distribution": "Fordeling",
        "sheet.by_municipality": "Evaluering per kommune",
        "sheet.by_role": "Evaluering per rolle",
        "sheet.comments": "Kommentarar",
        "sheet.homework": "Heimearbeid",
        "sheet.homework_detail": "Heimearbeid detaljar",
        "sheet.meetings": "Kommunemøte",
        "sheet.attendance_municipality": "Oppmøte per kommune",
        "sheet.attendance_role": "Oppmøte per rolle",
        "sheet.attendance_names": "Oppmøte namn",
        "sheet.trend": "Utvikling",
        "page_of": "Side {page} av {pages}",
    },
    "en": {
        "title": "Summary {network} – gathering {seq} ({date})",
        "subject": "Summary {network} – gathering {seq} ({date})",
        "intro": "Summary of the cycle that ended with gathering {seq}.",
        "cycle1": "The network's first gathering.",
        "cycle": "Cycle: gathering {prev} ({prev_date}) → gathering {seq} ({date}).",
        "s.gathering": "The gathering",
        "s.attendance": "Attendance",
        "s.evaluation": "Evaluation",
        "s.distribution": "Distribution of answers (1–6)",
        "s.comments": "Comments",
        "s.homework": "Home work",
        "s.meetings": "Municipality meetings",
        "s.ahead": "Looking ahead",
        "s.trend": "Trend across gatherings",
        "s.names": "Present (names)",
        "kind": "Kind",
        "date": "Date",
        "place": "Place",
        "themes": "Themes",
        "municipality": "Municipality",
        "role": "Role",
        "present": "Present",
        "registered": "Registered participants",
        "total": "Total",
        "name": "Name",
        "question": "Question",
        "n": "Answers",
        "skipped": "Skipped",
        "rate": "Response rate",
        "mean": "Mean",
        "median": "Median",
        "sd": "Std. dev.",
        "good": "Share 4–6",
        "yes": "Share yes",
        "ci": "95 % interval",
        "responses": "Responses",
        "gathering": "Gathering",
        "homework": "Assignment",
        "due": "Due",
        "given_at": "Given at gathering {seq}",
        "status": "Status",
        "note": "Note",
        "people": "People",
        "press": "Press",
        "summary": "Summary",
        "decisions": "Decisions",
        "follow_ups": "Follow-ups",
        "missing": "Missing for three-party cooperation: {parties}",
        "party.political": "elected politicians",
        "party.administration": "administration",
        "party.employees": "union/safety representatives",
        "next": "Next gathering: {seq} – {date}, {place}",
        "next_no_place": "Next gathering: {seq} – {date}",
        "no_next": "The next gathering is not set.",
        "none_homework": "No home work in this cycle.",
        "none_meetings": "No municipality meetings in this cycle.",
        "none_responses": "No evaluation responses yet.",
        "none_comments": "No comments.",
        "suppressed": "hidden",
        "suppressed_note": "“Hidden”: fewer than 5 answers or none, or hidden so that no small group can be worked out from the total. Every municipality and role is in the table.",
        "not_given": "not given",
        "by_municipality": "By municipality",
        "by_role": "By role",
        "yes_word": "yes",
        "no_word": "no",
        "generated": "Made {date} with facilitator.",
        "count_by_role": "by role",
        "over_attendance": "More responses than recorded attendance ({present} present): attendance was probably not taken in full, so no response rate is shown.",
        "rate_hidden": "– (more responses than recorded attendance)",
        "homework_col": "Assignment {i}: {title}",
        "ci_mean_lo": "Mean, 95 % interval from",
        "ci_mean_hi": "Mean, 95 % interval to",
        "ci_yes_lo": "Share yes, 95 % interval from",
        "ci_yes_hi": "Share yes, 95 % interval to",
        "sheet.summary": "Summary",
        "sheet.evaluation": "Evaluation",
        "sheet.distribution": "Distribution",
        "sheet.by_municipality": "Evaluation by municipality",
        "sheet.by_role": "Evaluation by role",
        "sheet.comments": "Comments",
        "sheet.homework": "Home work",
        "sheet.homework_detail": "Home work detail",
        "sheet.meetings": "Municipality meetings",
        "sheet.attendance_municipality": "Attendance by municipality",
        "sheet.attendance_role": "Attendance by role",
        "sheet.attendance_names": "Attendance names",
        "sheet.trend": "Trend",
        "page_of": "Page {page} of {pages}",
    },
}

# Enumerated values of the domain, per summary language.
VALUES: dict[str, dict[str, str]] = {
    "nb": {
        "ordforer": "ordfører", "varaordforer": "varaordfører",
        "politiker": "kommunestyrerepresentant", "kommunedirektor": "kommunedirektør/rådmann",
        "okonomisjef": "økonomisjef", "stab": "stab", "tjenesteleder": "tjenesteleder",
        "tillitsvalgt": "tillitsvalgt", "verneombud": "verneombud", "annet": "annet",
        "oppstart": "Oppstart", "nettverkssamling": "Nettverkssamling",
        "sentral_samling": "Sentral samling", "prosjektledersamling": "Prosjektledersamling",
        "konferanse": "Konferanse", "avslutning": "Avslutning",
        "not_started": "ikke startet", "in_progress": "pågår", "delivered": "levert",
        "reviewed": "gjennomgått",
        "kommunemote": "Kommunemøte", "kommunebesok": "Kommunebesøk",
        "styringsgruppemote": "Styringsgruppemøte",
    },
    "nn": {
        "ordforer": "ordførar", "varaordforer": "varaordførar",
        "politiker": "kommunestyrerepresentant", "kommunedirektor": "kommunedirektør/rådmann",
        "okonomisjef": "økonomisjef", "stab": "stab", "tjenesteleder": "tenesteleiar",
        "tillitsvalgt": "tillitsvald", "verneombud": "verneombod", "annet": "anna",
        "oppstart": "Oppstart", "nettverkssamling": "Nettverkssamling",
        "sentral_samling": "Sentral samling", "prosjektledersamling": "Prosjektleiarsamling",
        "konferanse": "Konferanse", "avslutning": "Avslutning",
        "not_started": "ikkje starta", "in_progress": "pågår", "delivered": "levert",
        "reviewed": "gjennomgått",
        "kommunemote": "Kommunemøte", "kommunebesok": "Kommunebesøk",
        "styringsgruppemote": "Styringsgruppemøte",
    },
    "en": {
        "ordforer": "mayor", "varaordforer": "deputy mayor", "politiker": "council member",
        "kommunedirektor": "chief executive", "okonomisjef": "head of finance",
        "stab": "staff", "tjenesteleder": "service leader", "tillitsvalgt": "union rep.",
        "verneombud": "safety rep.", "annet": "other",
        "oppstart": "Start-up", "nettverkssamling": "Network gathering",
        "sentral_samling": "Central gathering", "prosjektledersamling": "Project leaders' gathering",
        "konferanse": "Conference", "avslutning": "Closing",
        "not_started": "not started", "in_progress": "in progress", "delivered": "delivered",
        "reviewed": "reviewed",
        "kommunemote": "Municipality meeting", "kommunebesok": "Municipality visit",
        "styringsgruppemote": "Steering group meeting",
    },
}

# The app's symbols (facilitator/widgets/status.py) and words: a municipality with no
# status recorded shows as "not started", as in the app's home-work grid.
STATUS_SYMBOL = {"not_started": "·", "in_progress": "◐", "delivered": "✓", "reviewed": "★"}
TITLE_LIMIT = 32  # characters of a home work's title in a column head


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
        """The head of home work `i`'s column: "Oppgave 1: Perspektivanalyse", the title
        cut at a word (with …) when long, line breaks as spaces."""
        title = " ".join(title.split())
        if len(title) > TITLE_LIMIT:
            cut = title[:TITLE_LIMIT - 1]
            cut = cut.rsplit(" ", 1)[0] if " " in cut[TITLE_LIMIT // 2:] else cut
            title = cut.rstrip(" ,.;:–-") + "…"
        return self("homework_col", i=i, title=title) if title else f"{self('homework')} {i}"

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
