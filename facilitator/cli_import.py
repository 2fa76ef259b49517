"""The command line's `import-evaluations`: a Forms/Netigate file's answers into one
gathering. `importers.prepare` reads, checks, maps and plans the file; this module
shows the mapping and the plan and asks (or, without a terminal, goes on only when
nothing is in doubt or `--yes` accepts the doubts).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from facilitator import cli
from facilitator import importers as imp
from facilitator.cli import EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, UsageError, _err, _out
from facilitator.domain import Calendar
from facilitator.i18n import t
from facilitator.redact import printable


def _mapping_report(prepared: imp.Prepared, mapping: dict[int, str | None]) -> list[str]:
    """The columns of the file and what each is mapped to, one line per column."""
    guesses, questions = prepared.guesses, prepared.questions
    lines = [t("imp.map.title", file=prepared.table.path.name)]
    width = min(48, max((len(imp.header_label(g.header)) for g in guesses), default=0))
    for g in guesses:
        target = mapping.get(g.index)
        if g.kind == "personal":
            label = t("imp.map.personal")
        elif target is None and g.kind == "metadata":
            label = t("imp.map.metadata")
        else:
            label = imp.target_label(target, questions)
        if target is not None and target == g.target and g.kind == "question":
            if g.ambiguous:
                label += f" ({t('imp.map.ambiguous')})"
            elif g.score < imp.SURE:
                label += f" ({t('imp.map.uncertain')})"
        lines.append(f"  {g.letter:>2}  {imp.header_label(g.header):<{width}}  → {label}")
    used = set(mapping.values())
    missing = [imp.question_text(q) for q in questions if q.id not in used]
    if missing:
        lines.append(t("imp.map.missing_questions", questions=", ".join(missing)))
    return lines


def _pick_columns(prepared: imp.Prepared, mapping: dict[int, str | None]) -> None:
    """Ask for every column (personal ones never) what it answers."""
    import questionary

    questions = prepared.questions
    personal = imp.personal_columns(prepared.table.headers, questions)
    targets = [("", t("imp.map.ignored"))]
    targets += [(q.id, imp.target_label(q.id, questions)) for q in questions]
    targets += [(x, imp.target_label(x, questions)) for x in imp.SPECIAL_TARGETS]
    for g in prepared.guesses:
        if g.index in personal:
            continue
        choice = questionary.select(
            printable(t("imp.map.pick", letter=g.letter, header=imp.header_label(g.header)),
                      single_line=True),
            choices=[questionary.Choice(printable(label, single_line=True), value or "-")
                     for value, label in targets],
            default=mapping.get(g.index) or "-",
        ).ask()
        if choice is None:
            raise KeyboardInterrupt
        mapping[g.index] = None if choice == "-" else choice


def _confirm_mapping(prepared: imp.Prepared, accept: bool) -> dict[int, str | None]:
    """Show the proposed mapping; with a terminal, let the user confirm or fix it.
    Without one, go on only when it is certain (or --yes accepts the doubtful parts)."""
    mapping = dict(prepared.mapping)
    for line in _mapping_report(prepared, mapping):
        _out(line)
    problems, reasons = prepared.problems, prepared.reasons
    acceptable = prepared.acceptable
    if not cli._interactive():
        if problems or not acceptable or (reasons and not accept):
            key = ("imp.cli.needs_terminal_or_yes" if acceptable and not problems
                   else "imp.cli.needs_terminal")
            raise UsageError(t(key, reasons="; ".join(p.message() for p in problems + reasons)))
        return mapping
    if accept and not problems and acceptable:
        return mapping
    while True:
        if problems:
            for p in problems:
                _err(p.message())
        else:
            answer = cli._confirm(t("imp.map.confirm"), default=not reasons)
            if answer is None:
                raise KeyboardInterrupt
            if answer:
                return mapping
        _pick_columns(prepared, mapping)
        for line in _mapping_report(prepared, mapping):
            _out(line)
        problems = imp.mapping_problems(prepared.table.headers, prepared.questions, mapping)
        reasons = []


def _gathering(store: Any, net: Any, seq: int | None) -> Any:
    """The gathering `--gathering` names or, at a terminal, the one the user picks."""
    gatherings = store.gatherings.list(net.id)
    listing = ", ".join(str(g.seq) for g in gatherings) or "–"
    if seq is None:
        if not cli._interactive():
            raise UsageError(t("imp.cli.missing_gathering", gatherings=listing))
        if not gatherings:
            raise UsageError(t("cli.no_gatherings", network=net.name))
        held = Calendar(cli._today(), gatherings).held or gatherings

        def refusal(text: str) -> str:
            number = cli._seq(text)
            if number is None:
                return t("cli.not_a_number", value=text) + ". " + t("cli.cycles",
                                                                    cycles=listing)
            return t("imp.cli.no_gathering", seq=number, gatherings=listing)

        seq = cli._ask_gathering(t("cli.gatherings_heading"), t("imp.cli.ask_gathering"),
                                 gatherings, held[-1].seq,
                                 t("imp.cli.missing_gathering", gatherings=listing), refusal)
    gathering = next((g for g in gatherings if g.seq == seq), None)
    if gathering is None:
        raise UsageError(t("imp.cli.no_gathering", seq=seq, gatherings=listing))
    return gathering


def _dry_run(plan: imp.ImportPlan) -> int:
    for line in plan.lines:
        _out(line.message())
    _out(plan.summary())
    if plan.time_warning is not None:
        _out(plan.time_warning.message())
    _out(t("imp.cli.dry_run"))
    return EXIT_PROBLEM if plan.bad else EXIT_OK


def _import(store: Any, gathering_id: str, plan: imp.ImportPlan, skip: bool
            ) -> imp.ImportResult | None:
    """Write the plan (asking at a terminal whether to skip bad lines); None when its
    bad lines stop it."""
    if plan.bad and not skip:
        for line in plan.bad:
            _err(line.message())
        _err(t("imp.err.bad_lines", bad=len(plan.bad), lines=len(plan.lines)))
        if cli._interactive() and plan.ok:
            skip = bool(cli._confirm(t("imp.cli.ask_skip", ok=len(plan.ok),
                                       bad=len(plan.bad))))
        if not skip:
            _err(t("imp.cli.hint_skip_bad" if plan.ok else "imp.cli.hint_fix_bad"))
            return None
    for line in plan.ok:
        if line.notes:
            _out(line.message())
    if plan.time_warning is not None:
        _out(plan.time_warning.message())
    return imp.apply_import(store, gathering_id, plan, skip_bad=skip)


def cmd_import_evaluations(args: argparse.Namespace) -> int:
    from facilitator.parse import format_date_span
    from facilitator.store import Store, resolve_target

    path = Path(args.file).expanduser()
    if not path.exists():
        _err(t("imp.err.missing", path=path))
        return EXIT_USAGE
    try:  # the file before the database: a bad file is said first
        table = imp.read_answers(path)
    except imp.ImporterError as exc:
        _err(exc.message())
        return EXIT_PROBLEM
    target = resolve_target(args.db)
    if isinstance(target, Path) and not target.exists():
        _err(t("cli.db_missing", path=target))
        return EXIT_USAGE
    with Store(target, auto_backup=not args.dry_run) as store:
        net = cli.choose_network(store, args.network)
        gathering = _gathering(store, net, args.gathering)
        try:
            prepared = imp.prepare(store, gathering.id, table)
            _out(table.describe())
            _out(t("imp.cli.target", seq=gathering.seq,
                   date=format_date_span(gathering.date, gathering.end_date),
                   network=net.name))
            mapping = _confirm_mapping(prepared, args.yes)
            plan = prepared.plan
            if plan is None or mapping != prepared.mapping:
                plan = imp.plan_for(store, gathering.id, table, mapping, prepared.questions)
            if args.dry_run:
                return _dry_run(plan)
            result = _import(store, gathering.id, plan, args.skip_bad)
        except imp.ImporterError as exc:
            _err(exc.message())
            return EXIT_PROBLEM
    if result is None:
        return EXIT_PROBLEM
    _out(result.message())
    return EXIT_OK
