"""The command line's `export`: a held gathering's cycle summary, in the chosen formats,
written as one set (see `export.writer`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from facilitator import cli
from facilitator.cli import EXIT_OK, EXIT_PROBLEM, UsageError, _err, _out
from facilitator.domain import Calendar
from facilitator.i18n import t


def _listing(gatherings: list[Any], key: str, none_key: str) -> str:
    """"Holdte samlinger: 1, 2, 3." (`key`) or, with none, the sentence `none_key`."""
    if not gatherings:
        return t(none_key)
    return t(key, cycles=", ".join(str(g.seq) for g in gatherings))


def _held_cycle(net: Any, gatherings: list[Any], asked: int | None) -> tuple[int, str]:
    """The held gathering whose cycle to export (`asked`, else asked for here) and the
    listing of the held ones that refusals end with; a gathering not held is refused."""
    from facilitator.parse import format_date

    by_seq = {g.seq: g for g in gatherings}
    calendar = Calendar(cli._today(), gatherings)
    # Only a held gathering (date ≤ today) closes a cycle: a later one has nothing
    # to summarise yet.
    held = calendar.held
    listing = _listing(held, "cli.held_cycles", "cli.none_held")

    def refusal(text: str) -> str:
        seq = cli._seq(text)
        if seq is None:
            return t("cli.not_a_number", value=text) + ". " + listing
        if seq in by_seq:
            return t("cli.future_cycle", seq=seq, date=format_date(by_seq[seq].date),
                     held=listing)
        return t("cycle.no_gathering", seq=seq, network=net.name) + " " + listing

    cycle = asked
    if cycle is None:
        if not gatherings:
            raise UsageError(t("cli.export_no_gatherings", network=net.name))
        if not held:
            raise UsageError(t("cli.export_none_held", network=net.name,
                               date=format_date(gatherings[0].date)))
        cycle = cli._ask_gathering(t("cli.held_heading"), t("cli.ask_cycle_number"), held,
                                   held[-1].seq, t("cli.missing_held_cycle", held=listing),
                                   refusal)
    if cycle not in by_seq or calendar.is_future(by_seq[cycle]):
        raise UsageError(refusal(str(cycle)))
    return cycle, listing


def cmd_export(args: argparse.Namespace) -> int:
    from facilitator.cycle import CycleError
    from facilitator.cycle_build import build_summary
    from facilitator.export.writer import default_out_dir, open_file, parse_formats, write_export
    from facilitator.parse import InputError, parse_email
    from facilitator.store import Store, resolve_target

    try:
        formats = parse_formats(args.format)
    except ValueError as exc:
        raise UsageError(t("cli.bad_format", formats=str(exc))) from None
    try:
        to = [parse_email(a) for a in args.to] if args.to else None
    except InputError as exc:
        raise UsageError(exc.message()) from None
    with Store(cli._existing_db(resolve_target(args.db))) as store:
        net = cli.choose_network(store, args.network)
        gatherings = store.gatherings.list(net.id)
        cycle, listing = _held_cycle(net, gatherings, args.cycle)
        try:
            summary = build_summary(store, net.id, cycle, language=args.lang,
                                    include_names=args.names)
        except CycleError as exc:
            raise UsageError(exc.message() + " " + listing) from None
    from facilitator.export.email import RecipientError

    out = Path(args.out).expanduser() if args.out else default_out_dir(net.name)
    try:
        written = write_export(summary, formats, out, to=to)
    except RecipientError as exc:  # a stored contact address that is not one
        _err(exc.message())
        return EXIT_PROBLEM
    for path in written:
        _out(path)
    if args.open and written:
        emails = [p for p in written if p.suffix == ".eml"]
        open_file(emails[0] if emails else written[0])
    return EXIT_OK
