"""The import screen's dry run: the plan's lines as shown, with totals and warnings."""

from __future__ import annotations

from rich.text import Text

from facilitator import importers as imp
from facilitator.i18n import t
from facilitator.text import clean

MAX_REPORT_LINES = 1000  # lines listed in the dry run; the rest are counted
STATUS_STYLE = {imp.OK: ("✓", "green"), imp.DUPLICATE: ("=", "dim"), imp.EMPTY: ("·", "dim"),
                imp.BAD: ("✗", "bold red")}


def dry_run_report(plan: imp.ImportPlan) -> tuple[Text, Text]:
    """The dry run as shown: at most MAX_REPORT_LINES lines (the bad ones first, then
    the others in order; the rest counted), and the summary with the warning about
    completion times, if any. Made in the worker that planned the import."""
    bad = [i for i, line in enumerate(plan.lines) if line.status == imp.BAD]
    chosen = set(bad[:MAX_REPORT_LINES])
    for i in range(len(plan.lines)):
        if len(chosen) >= MAX_REPORT_LINES:
            break
        chosen.add(i)
    text = Text()
    for i in sorted(chosen):
        line = plan.lines[i]
        mark, style = STATUS_STYLE.get(line.status, ("?", ""))
        if text:
            text.append("\n")
        text.append(f"{mark} ", style=style)
        text.append(clean(line.message()),
                    style=style if line.status != imp.OK else ("yellow" if line.notes else ""))
    hidden = len(plan.lines) - len(chosen)
    if hidden:
        hidden_bad = len(bad) - len(chosen.intersection(bad))
        more = (t("imp.screen.more_lines_bad", count=hidden, bad=hidden_bad) if hidden_bad
                else t("imp.screen.more_lines", count=hidden))
        text.append("\n" + more, style="dim")
    summary = Text(plan.summary() + " " + t("imp.screen.dry_run"))
    if plan.time_warning is not None:
        summary.append("\n" + clean(plan.time_warning.message()), style="yellow")
    return text, summary
