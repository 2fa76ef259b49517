"""The summary strip of typed evaluation entry: the status line, the F2/F3 line and the
live statistics, built as text from the entry's state (the screen only shows them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from facilitator.i18n import t
from facilitator.privacy import GroupSizes, Tags, dropped_line
from facilitator.text import clean
from facilitator.widgets.answers import QuestionView

BARS = " ▁▂▃▄▅▆▇█"


def number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if t("decimal") == "," else text


def distribution_bar(distribution: dict[int, int]) -> Text:
    """1..6 as small bars with counts: '1▁0 2▁1 3▃4 …'."""
    top = max(distribution.values(), default=0) or 1
    out = Text()
    for score in range(1, 7):
        count = distribution.get(score, 0)
        level = max(1, round(count / top * (len(BARS) - 1))) if count else 0
        out.append(f"{score}", style="dim")
        out.append(BARS[level] if level else "·", style="green" if score >= 4 else "yellow")
        out.append(f"{count:<3}")
    return out


def stats_lines(questions: list[QuestionView], answers: list[dict[str, Any]],
                present: int | None) -> Text:
    """The live panel: n, mean and distribution per question, share yes."""
    from facilitator import stats

    out = Text()
    for q in questions:
        values = [a.get(q.id) for a in answers]
        if q.kind == "text":
            s = stats.text_stats([v if isinstance(v, str) else None for v in values])
            out.append(clean(q.text, limit=22).ljust(23), style="bold")
            out.append(t("entry.stats.text", n=s.n) + "\n")
            continue
        s = stats.question_stats(q.kind, [v if isinstance(v, int) else None for v in values],
                                 present)
        out.append(clean(q.text, limit=22).ljust(23), style="bold")
        if q.kind == "yes_no":
            share = number(100 * s.share_yes, 0) if s.share_yes is not None else "–"
            out.append(t("entry.stats.yes", share=share, n=s.n) + "\n")
        else:
            out.append(t("entry.stats.scale", mean=number(s.mean), n=s.n) + "  ")
            out.append(distribution_bar(s.distribution))
            out.append("\n")
    return out


def saved_line(count: int, when: datetime, tags: Tags) -> str:
    """"svar 3 lagret kl. 14:02:11", and "uten kommune" when the store did not keep a
    tag (`tags`: what the store returned; the "neste svar" line says why)."""
    line = t("entry.saved", count=count, time=when.strftime("%H:%M:%S"))
    dropped = dropped_line(tags)
    return f"{line} {dropped}" if dropped else line


def show_text(widget: Static, text: Text) -> None:
    """Update a line or panel; lay the screen out again only when its height changes
    (the status line changes on every save; a layout pass costs a frame's time)."""
    rows = text.plain.split("\n")
    wraps = any(cell_len(row) > widget.size.width for row in rows)
    same = not wraps and getattr(widget, "_rows", None) == len(rows)
    widget._rows = -1 if wraps else len(rows)  # type: ignore[attr-defined]
    widget.update(text, layout=not same)


def who_text(municipality: tuple[str, str] | None, role: str | None) -> str:
    """What the next response carries: "Øksnes · Kommunedirektør/rådmann" or ""."""
    parts = [clean(municipality[1], limit=30) if municipality else "",
             t("role." + role) if role else ""]
    return " · ".join(p for p in parts if p)


def status_text(count: int, present: int | None, message: str, who: str,
                dropped: str) -> Text:
    """The status line: the count, the last `message`, what the next response carries
    (`who`) and which of its tags the store will not keep (`dropped`)."""
    status = Text(t("entry.count", count=count))
    if present:
        status.append(" " + t("entry.of_present", present=present))
    if message:
        status.append(" · " + message)
    if present and count > present:  # usually: attendance was not taken
        # a line of its own: "svar 27 lagret kl. …" stays whole on the first
        status.append("\n⚠ " + t("entry.more_than_present"), style="bold yellow")
    if who:  # a line of its own: the layout stays put while a pile is typed
        status.append("\n")
        status.append(t("entry.next_carries", who=who), style="bold")
        if dropped:
            status.append(" – " + dropped, style="bold yellow")
    return status


def will_drop(sizes: GroupSizes | None, municipality: tuple[str, str] | None,
              role: str | None) -> str:
    """"kommunen lagres ikke (…)" when the store will not keep a chosen tag."""
    if sizes is None:
        return ""
    tags = sizes.decide(municipality[0] if municipality else None, role)
    return dropped_line(tags, future=True)


def who_line(municipality: tuple[str, str] | None, role: str | None, width: int,
             clearable: bool) -> Text:
    """"F2 kommune: …   F3 rolle: …   F4 fjerner begge", fitted to `width`: a long
    name is shortened (a Sámi municipality to its first name, then with …) and the
    F4 hint goes to a line of its own, rather than a label parting from its value."""
    full = municipality[1] if municipality else "–"
    role_name = t("role." + role) if role else "–"
    names = [clean(full)]
    if " - " in full:
        names.append(clean(full.split(" - ")[0]))
    hint = t("entry.who.clear") if clearable else ""

    def build(name: str) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(t("entry.who.municipality") + " ")
        line.append(name, style="bold yellow" if municipality else "")
        line.append("   " + t("entry.who.role") + " ")
        line.append(role_name, style="bold yellow" if role else "")
        return line

    for name in names:
        line = build(name)
        if hint and cell_len(line.plain) + 3 + cell_len(hint) <= width:
            line.append("   " + hint, style="dim")
            return line
        if cell_len(line.plain) <= width:
            if hint:
                line.append("\n" + hint, style="dim")
            return line
    line = build(names[-1])
    line.truncate(width, overflow="ellipsis")
    if hint:
        line.append("\n" + hint, style="dim")
    return line
