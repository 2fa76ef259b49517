"""User-facing strings in Norwegian bokmål (default) and English.

Every string a user can see has a key here. `t("key", name=...)` formats it in the
current language. A word that depends on a count is written `{n} {n:linje|linjer}`
("1 linje", "2 linjer"). A test checks that both catalogs have exactly the same keys and
the same placeholders. Summaries may also be written in nynorsk: see the export
package, which carries its own catalog for that.
"""

from __future__ import annotations

import os
import string

LANGUAGES = ("nb", "en")
_current = "nb"


def set_language(lang: str | None) -> str:
    """Set the interface language; unknown values fall back to bokmål."""
    global _current
    _current = lang if lang in LANGUAGES else "nb"
    return _current


def get_language() -> str:
    return _current


def language_from_env() -> str | None:
    value = os.environ.get("FACILITATOR_LANG", "").strip().lower()
    return value if value in LANGUAGES else None


def t(key: str, /, **params: object) -> str:
    """The string for `key` in the current language, formatted with `params`."""
    if not _loaded:
        load_all()
    catalog = CATALOGS[_current]
    text = catalog.get(key)
    if text is None:
        text = CATALOGS["nb"].get(key, key)
    return format_text(text, **params) if params else text


class _CountFormatter(string.Formatter):
    """`{n:linje|linjer}` is the word for the count n: the first form when n is 1,
    the second otherwise (the number itself is written as `{n}`)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, _, other = format_spec.partition("|")
            return one if value == 1 else other
        return str(super().format_field(value, format_spec))


_counts = _CountFormatter()


def format_text(text: str, /, **params: object) -> str:
    """`text.format(**params)`, with singular/plural words chosen by a count."""
    return _counts.format(text, **params) if "|" in text else text.format(**params)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


NB: dict[str, str] = {
    # --- application
    "app.title": "Facilitator",
    "app.subtitle": "Læringsnettverk for kommuner",
    # --- roles
    "role.ordforer": "Ordfører",
    "role.varaordforer": "Varaordfører",
    "role.politiker": "Kommunestyrerepresentant",
    "role.kommunedirektor": "Kommunedirektør/rådmann",
    "role.okonomisjef": "Økonomisjef",
    "role.stab": "Stab",
    "role.tjenesteleder": "Tjenesteleder",
    "role.tillitsvalgt": "Tillitsvalgt",
    "role.verneombud": "Verneombud",
    "role.annet": "Annet",
    # --- gathering kinds
    "gkind.oppstart": "Oppstart",
    "gkind.nettverkssamling": "Nettverkssamling",
    "gkind.sentral_samling": "Sentral samling",
    "gkind.prosjektledersamling": "Prosjektledersamling",
    "gkind.konferanse": "Konferanse",
    "gkind.avslutning": "Avslutning",
    # --- home work states
    "homework.state.not_started": "Ikke startet",
    "homework.state.in_progress": "Pågår",
    "homework.state.delivered": "Levert",
    "homework.state.reviewed": "Gjennomgått",
    # --- meeting kinds
    "mkind.kommunemote": "Kommunemøte",
    "mkind.kommunebesok": "Kommunebesøk",
    "mkind.styringsgruppemote": "Styringsgruppemøte",
    # --- question kinds
    "qkind.scale": "Skala 1–6",
    "qkind.yes_no": "Ja/nei",
    "qkind.text": "Fritekst",
    # --- store errors (one sentence, naming the file)
    "err.not_sqlite": "{path} er ikke en facilitator-database (filen er ikke SQLite). Den er ikke endret.{backup}",
    "err.not_facilitator": "{path} er en SQLite-fil, men ikke en facilitator-database. Den er ikke endret.{backup}",
    "err.corrupt": "{path} er skadet og kan ikke åpnes ({detail}). Den er ikke endret.{backup}",
    "err.empty_file": "{path} er en tom fil, ikke en database; den kan være avkortet. Den er ikke endret.{backup}",
    "err.too_new": "{path} er laget av en nyere versjon av facilitator (skjema {found}, denne versjonen kan {supported}). Oppgrader programmet; filen er ikke endret.{backup}",
    "err.newest_backup": " Nyeste sikkerhetskopi: {backup}.",
    "err.no_backup": " Det finnes ingen sikkerhetskopi.",
    "err.disk_full": "Disken er full: den siste endringen ble ikke lagret. Alt som var lagret før, er i behold.",
    "err.busy": "Databasen er opptatt av et annet program; prøvde igjen i 30 sekunder uten hell. Ingenting er lagret.",
    "store.busy_retrying": "Databasen er opptatt i et annet program: prøver igjen …",
    "err.readonly": "Kan ikke skrive til {path}: mappen eller filen er skrivebeskyttet.",
    "err.cannot_create": "Kan ikke opprette databasen {path}: {detail}",
    "err.io": "Lagring feilet ({detail}). Den siste endringen ble ikke lagret.",
    "err.not_found": "Fant ikke {what}.",
    "what.network": "nettverket",
    "what.gathering": "samlingen",
    "what.homework": "hjemmeoppgaven",
    "what.membership": "kommunen i nettverket",
    "what.meeting": "kommunemøtet",
    "what.participant": "deltakeren",
    "what.theme": "temaet",
    "what.question": "spørsmålet",
    "what.response": "svaret",
    "what.file": "databasefilen",
    "palette.placeholder": "Søk etter en handling …",
    "palette.no_matches": "Ingen treff",
    "err.duplicate_network": "Det finnes allerede et nettverk som heter «{name}».",
    "err.duplicate_sequence": "Samling nummer {seq} finnes allerede i dette nettverket.",
    "err.duplicate_member": "{name} er allerede med i nettverket.",
    "err.unknown_municipality": "Ukjent kommune: «{value}».",
    "err.required": "{field} må fylles ut.",
    "err.bad_date": "«{value}» er ikke en gyldig dato (skriv dd.mm.åååå).",
    "err.end_before_start": "Sluttdato kan ikke være før startdato.",
    "err.bad_email": "«{value}» ser ikke ut som en e-postadresse.",
    "err.bad_score": "«{value}» er ikke et gyldig svar (1–6).",
    "err.bad_yes_no": "«{value}» er ikke ja eller nei.",
    "err.not_member": "Kommunen er ikke med i nettverket.",
    "err.postgres_driver": "Kan ikke koble til {url}: {detail}",
    # --- field names
    "field.name": "Navn",
    "field.title": "Tittel",
    "field.date": "Dato",
    "field.email": "E-post",
    "field.municipality": "Kommune",
    "field.role": "Rolle",
    "field.network": "Nettverk",
    "field.question": "Spørsmål",
    # --- command line
    "cli.description": "Facilitator: kjør læringsnettverk for kommuner fra terminalen.",
    "cli.help.db": "databasefil eller SQLAlchemy-URL (standard: {default}; kan også settes med FACILITATOR_DB)",
    "cli.help.lang": "språk i grensesnittet: nb (bokmål, standard) eller en (engelsk)",
    "cli.help.version": "vis versjonen og avslutt",
    "cli.help.demo": "opprett demonettverket «ROBEK-nettverk Nord»",
    "cli.help.force": "legg til demonettverket selv om databasen ikke er tom",
    "cli.help.check": "kontroller databasens integritet og fremmednøkler",
    "cli.help.backup": "ta en sikkerhetskopi nå",
    "cli.help.to": "mappe for sikkerhetskopien (standard: backups/ ved siden av databasen)",
    "cli.help.restore": "gjenopprett databasen fra en sikkerhetskopi",
    "cli.help.file": "sikkerhetskopien som skal gjenopprettes",
    "cli.help.yes": "ikke spør om bekreftelse",
    "cli.demo_created": "Demonettverket «{name}» er opprettet i {path}.",
    "cli.demo_refused": "{path} inneholder allerede data; bruk --force for å legge til demonettverket likevel.",
    "cli.demo_exists": "Demonettverket «{name}» finnes allerede i {path}.",
    "cli.check_ok": "{path}: integritet ok, fremmednøkler ok, skjema {version}.",
    "cli.check_problems": "{path}: {count} {count:problem|problemer} funnet:",
    "cli.backup_written": "{path}",
    "cli.restore_missing": "Finner ikke filen {path}.",
    "cli.restore_bad": "{path} kan ikke gjenopprettes: {reason}",
    "cli.restore_confirm": "Erstatte {db} med {file}? Den nåværende databasen tas vare på som {keep}.",
    "cli.restore_needs_yes": "Gjenoppretting erstatter {db}; bekreft med --yes når ingen terminal er tilkoblet.",
    "cli.restore_cancelled": "Avbrutt; ingenting er endret.",
    "cli.restore_done": "{db} er gjenopprettet fra {file}. Den forrige databasen er tatt vare på som {keep}.",
    "cli.help.export": "lag oppsummeringen av en periode (md, html, xlsx, csv, eml)",
    "cli.help.network": "nettverkets navn",
    "cli.help.format": "formater, kommaseparert (standard: alle)",
    "cli.help.out": "mappe for filene (standard: en mappe per nettverk i Dokumenter)",
    "cli.help.to_addr": "mottakere i e-postutkastet (standard: nettverkets e-postliste)",
    "cli.help.summary_lang": "språk i oppsummeringen: nb, nn eller en (standard: nettverkets)",
    "cli.help.names": "ta med navn på de som var til stede",
    "cli.help.open": "åpne e-postutkastet i e-postprogrammet etterpå",
    "cli.bad_format": "Ukjent format: {formats}. Velg blant md, html, xlsx, csv, eml.",
    "cli.no_network": "Fant ikke nettverket «{name}». Nettverk: {names}.",
    "cli.no_networks": "Databasen har ingen nettverk ennå. Lag ett i appen (facilitator) eller lag demonettverket med «facilitator demo».",
    "cli.no_network_none": "Fant ikke nettverket «{name}»: databasen har ingen nettverk ennå. Lag ett i appen (facilitator) eller lag demonettverket med «facilitator demo».",
    "cli.db_missing": "Finner ikke databasen {path}. Åpne appen (facilitator) eller lag demonettverket (facilitator demo) først, eller pek på riktig fil med --db.",
    "cli.ask_network": "Hvilket nettverk?",
    "cli.missing_network": "Oppgi --network (ingen terminal å spørre i). Nettverk: {names}.",
    "cli.cycles": "Samlinger: {cycles}.",
    "cli.restore_done_new": "{db} er opprettet fra {file}.",
    "cli.needs_terminal": "Programmet trenger en terminal. Uten terminal: bruk en kommando, for eksempel «facilitator check» eller «facilitator export» (se --help).",
    "cli.usage_error": "Feil i kommandoen: {detail}",
    "cli.interrupted": "Avbrutt.",
    "cli.unexpected": "Uventet feil: {detail}. Ingenting utover den siste handlingen er tapt.",
    # --- command line: added for argparse's own words, held gatherings and questions
    "cli.argparse.usage": "bruk: ",
    "cli.argparse.positionals": "argumenter",
    "cli.argparse.options": "valg",
    "cli.argparse.help": "vis denne hjelpeteksten og avslutt",
    "cli.argparse.version": "vis versjonen og avslutt",
    "cli.argparse.argument": "%(argument_name)s: %(message)s",
    "cli.argparse.invalid_value": "«%(value)s» er ikke en gyldig verdi",
    "cli.argparse.invalid_choice": "«%(value)s» er ikke et gyldig valg (velg blant %(choices)s)",
    "cli.argparse.required": "dette må oppgis: %s",
    "cli.argparse.unrecognized": "ukjente argumenter: %s",
    "cli.argparse.expected_one": "trenger en verdi",
    "cli.argparse.expected_at_most_one": "tar høyst én verdi",
    "cli.argparse.expected_at_least_one": "trenger minst én verdi",
    "cli.argparse.expected_n": "trenger %s verdier",
    "cli.argparse.ambiguous": "%(option)s er tvetydig: kan bety %(matches)s",
    "cli.argparse.not_allowed_with": "kan ikke brukes sammen med %s",
    "cli.argparse.ignored_explicit": "tar ingen verdi (fikk %r)",
    "cli.argparse.one_required": "ett av disse må oppgis: %s",
    "cli.metavar.command": "KOMMANDO",
    "cli.metavar.path": "FIL",
    "cli.metavar.dir": "MAPPE",
    "cli.metavar.file": "FIL",
    "cli.metavar.name": "NAVN",
    "cli.metavar.number": "N",
    "cli.metavar.list": "LISTE",
    "cli.metavar.address": "ADRESSE",
    "cli.help.cycle_held": "perioden: nummeret på samlingen som avsluttet den (en samling som er holdt)",
    "cli.not_a_number": "«{value}» er ikke et nummer",
    "cli.bad_today": "FACILITATOR_TODAY må være en dato som 2026-11-22, ikke «{value}».",
    "cli.select_instruction": "(velg med piltastene, bekreft med Enter)",
    "cli.yes": "Ja",
    "cli.no": "Nei",
    "cli.confirm_instruction": "(velg med {yes} eller {no}, eller piltastene, og bekreft med Enter)",
    "cli.held_heading": "Samlinger som er holdt:",
    "cli.gatherings_heading": "Samlinger:",
    "cli.ask_cycle_number": "Hvilken periode? Skriv nummeret på samlingen som avsluttet den",
    "cli.ask_gathering_default": "(Enter: {default})",
    "cli.held_cycles": "Holdte samlinger: {cycles}.",
    "cli.none_held": "Ingen samling er holdt ennå.",
    "cli.missing_held_cycle": "Oppgi --cycle (ingen terminal å spørre i). {held}",
    "cli.future_cycle": "Samling {seq} holdes først {date}, så det er ingenting å oppsummere ennå. {held}",
    "cli.export_no_gatherings": "Nettverket «{network}» har ingen samlinger ennå, så det er ingenting å oppsummere.",
    "cli.export_none_held": "Ingen samling i «{network}» er holdt ennå; den første er {date}. Oppsummeringen kan lages etter den.",
    "cli.no_gatherings": "Nettverket «{network}» har ingen samlinger ennå.",
}

EN: dict[str, str] = {
    "app.title": "Facilitator",
    "app.subtitle": "Learning networks of municipalities",
    "role.ordforer": "Mayor",
    "role.varaordforer": "Deputy mayor",
    "role.politiker": "Council member",
    "role.kommunedirektor": "Chief executive",
    "role.okonomisjef": "Head of finance",
    "role.stab": "Staff",
    "role.tjenesteleder": "Service leader",
    "role.tillitsvalgt": "Union representative",
    "role.verneombud": "Safety representative",
    "role.annet": "Other",
    "gkind.oppstart": "Start-up",
    "gkind.nettverkssamling": "Network gathering",
    "gkind.sentral_samling": "Central gathering",
    "gkind.prosjektledersamling": "Project leaders' gathering",
    "gkind.konferanse": "Conference",
    "gkind.avslutning": "Closing",
    "homework.state.not_started": "Not started",
    "homework.state.in_progress": "In progress",
    "homework.state.delivered": "Delivered",
    "homework.state.reviewed": "Reviewed",
    "mkind.kommunemote": "Municipality meeting",
    "mkind.kommunebesok": "Municipality visit",
    "mkind.styringsgruppemote": "Steering group meeting",
    "qkind.scale": "Scale 1–6",
    "qkind.yes_no": "Yes/no",
    "qkind.text": "Free text",
    "err.not_sqlite": "{path} is not a facilitator database (the file is not SQLite). It has not been changed.{backup}",
    "err.not_facilitator": "{path} is an SQLite file but not a facilitator database. It has not been changed.{backup}",
    "err.corrupt": "{path} is damaged and cannot be opened ({detail}). It has not been changed.{backup}",
    "err.empty_file": "{path} is an empty file, not a database; it may have been truncated. It has not been changed.{backup}",
    "err.too_new": "{path} was made by a newer version of facilitator (schema {found}, this version knows {supported}). Upgrade the program; the file has not been changed.{backup}",
    "err.newest_backup": " Newest backup: {backup}.",
    "err.no_backup": " There is no backup.",
    "err.disk_full": "The disk is full: the last change was not saved. Everything saved before is intact.",
    "err.busy": "The database is busy in another program; retried for 30 seconds without success. Nothing was saved.",
    "store.busy_retrying": "The database is busy in another program: retrying …",
    "err.readonly": "Cannot write to {path}: the folder or file is read-only.",
    "err.cannot_create": "Cannot create the database {path}: {detail}",
    "err.io": "Saving failed ({detail}). The last change was not saved.",
    "err.not_found": "Could not find {what}.",
    "what.network": "the network",
    "what.gathering": "the gathering",
    "what.homework": "the home assignment",
    "what.membership": "the municipality in the network",
    "what.meeting": "the municipality meeting",
    "what.participant": "the participant",
    "what.theme": "the theme",
    "what.question": "the question",
    "what.response": "the response",
    "what.file": "the database file",
    "palette.placeholder": "Search for an action …",
    "palette.no_matches": "No matches",
    "err.duplicate_network": "A network named “{name}” already exists.",
    "err.duplicate_sequence": "Gathering number {seq} already exists in this network.",
    "err.duplicate_member": "{name} is already in the network.",
    "err.unknown_municipality": "Unknown municipality: “{value}”.",
    "err.required": "{field} is required.",
    "err.bad_date": "“{value}” is not a valid date (write dd.mm.yyyy).",
    "err.end_before_start": "The end date cannot be before the start date.",
    "err.bad_email": "“{value}” does not look like an e-mail address.",
    "err.bad_score": "“{value}” is not a valid answer (1–6).",
    "err.bad_yes_no": "“{value}” is not yes or no.",
    "err.not_member": "The municipality is not in the network.",
    "err.postgres_driver": "Cannot connect to {url}: {detail}",
    "field.name": "Name",
    "field.title": "Title",
    "field.date": "Date",
    "field.email": "E-mail",
    "field.municipality": "Municipality",
    "field.role": "Role",
    "field.network": "Network",
    "field.question": "Question",
    "cli.description": "Facilitator: run learning networks of municipalities from the terminal.",
    "cli.help.db": "database file or SQLAlchemy URL (default: {default}; FACILITATOR_DB also sets it)",
    "cli.help.lang": "interface language: nb (Norwegian bokmål, default) or en (English)",
    "cli.help.version": "show the version and exit",
    "cli.help.demo": "create the demo network “ROBEK-nettverk Nord”",
    "cli.help.force": "add the demo network even if the database is not empty",
    "cli.help.check": "check the database's integrity and foreign keys",
    "cli.help.backup": "make a backup now",
    "cli.help.to": "folder for the backup (default: backups/ beside the database)",
    "cli.help.restore": "restore the database from a backup",
    "cli.help.file": "the backup to restore",
    "cli.help.yes": "do not ask for confirmation",
    "cli.demo_created": "The demo network “{name}” was created in {path}.",
    "cli.demo_refused": "{path} already holds data; use --force to add the demo network anyway.",
    "cli.demo_exists": "The demo network “{name}” already exists in {path}.",
    "cli.check_ok": "{path}: integrity ok, foreign keys ok, schema {version}.",
    "cli.check_problems": "{path}: {count} {count:problem|problems} found:",
    "cli.backup_written": "{path}",
    "cli.restore_missing": "Cannot find the file {path}.",
    "cli.restore_bad": "{path} cannot be restored: {reason}",
    "cli.restore_confirm": "Replace {db} with {file}? The current database is kept as {keep}.",
    "cli.restore_needs_yes": "Restoring replaces {db}; confirm with --yes when no terminal is attached.",
    "cli.restore_cancelled": "Cancelled; nothing was changed.",
    "cli.restore_done": "{db} was restored from {file}. The previous database is kept as {keep}.",
    "cli.help.export": "make the summary of a cycle (md, html, xlsx, csv, eml)",
    "cli.help.network": "the network's name",
    "cli.help.format": "formats, comma-separated (default: all)",
    "cli.help.out": "folder for the files (default: a folder per network in Documents)",
    "cli.help.to_addr": "recipients of the e-mail draft (default: the network's list)",
    "cli.help.summary_lang": "language of the summary: nb, nn or en (default: the network's)",
    "cli.help.names": "include the names of those present",
    "cli.help.open": "open the e-mail draft in the mail program afterwards",
    "cli.bad_format": "Unknown format: {formats}. Choose from md, html, xlsx, csv, eml.",
    "cli.no_network": "Could not find the network “{name}”. Networks: {names}.",
    "cli.no_networks": "The database has no networks yet. Create one in the app (facilitator) or create the demo network with “facilitator demo”.",
    "cli.no_network_none": "Could not find the network “{name}”: the database has no networks yet. Create one in the app (facilitator) or create the demo network with “facilitator demo”.",
    "cli.db_missing": "Cannot find the database {path}. Open the app (facilitator) or create the demo network (facilitator demo) first, or point to the right file with --db.",
    "cli.ask_network": "Which network?",
    "cli.missing_network": "Give --network (no terminal to ask in). Networks: {names}.",
    "cli.cycles": "Gatherings: {cycles}.",
    "cli.restore_done_new": "{db} was created from {file}.",
    "cli.needs_terminal": "The app needs a terminal. Without one, use a command such as “facilitator check” or “facilitator export” (see --help).",
    "cli.usage_error": "Error in the command: {detail}",
    "cli.interrupted": "Interrupted.",
    "cli.unexpected": "Unexpected error: {detail}. Nothing beyond the last action is lost.",
    # --- command line: added for argparse's own words, held gatherings and questions
    "cli.argparse.usage": "usage: ",
    "cli.argparse.positionals": "positional arguments",
    "cli.argparse.options": "options",
    "cli.argparse.help": "show this help message and exit",
    "cli.argparse.version": "show the version and exit",
    "cli.argparse.argument": "argument %(argument_name)s: %(message)s",
    "cli.argparse.invalid_value": "invalid value: %(value)r",
    "cli.argparse.invalid_choice": "invalid choice: %(value)r (choose from %(choices)s)",
    "cli.argparse.required": "the following arguments are required: %s",
    "cli.argparse.unrecognized": "unrecognized arguments: %s",
    "cli.argparse.expected_one": "expected one argument",
    "cli.argparse.expected_at_most_one": "expected at most one argument",
    "cli.argparse.expected_at_least_one": "expected at least one argument",
    "cli.argparse.expected_n": "expected %s arguments",
    "cli.argparse.ambiguous": "ambiguous option: %(option)s could match %(matches)s",
    "cli.argparse.not_allowed_with": "not allowed with argument %s",
    "cli.argparse.ignored_explicit": "ignored explicit argument %r",
    "cli.argparse.one_required": "one of the arguments %s is required",
    "cli.metavar.command": "COMMAND",
    "cli.metavar.path": "PATH",
    "cli.metavar.dir": "DIR",
    "cli.metavar.file": "FILE",
    "cli.metavar.name": "NAME",
    "cli.metavar.number": "N",
    "cli.metavar.list": "LIST",
    "cli.metavar.address": "ADDR",
    "cli.help.cycle_held": "the cycle: the number of the gathering that closed it (one that has been held)",
    "cli.not_a_number": "“{value}” is not a number",
    "cli.bad_today": "FACILITATOR_TODAY must be a date like 2026-11-22, not “{value}”.",
    "cli.select_instruction": "(choose with the arrow keys, confirm with Enter)",
    "cli.yes": "Yes",
    "cli.no": "No",
    "cli.confirm_instruction": "(choose with {yes} or {no}, or the arrow keys, and confirm with Enter)",
    "cli.held_heading": "Gatherings held:",
    "cli.gatherings_heading": "Gatherings:",
    "cli.ask_cycle_number": "Which cycle? Type the number of the gathering that closed it",
    "cli.ask_gathering_default": "(Enter: {default})",
    "cli.held_cycles": "Held gatherings: {cycles}.",
    "cli.none_held": "No gathering has been held yet.",
    "cli.missing_held_cycle": "Give --cycle (no terminal to ask in). {held}",
    "cli.future_cycle": "Gathering {seq} is not held until {date}, so there is nothing to summarise yet. {held}",
    "cli.export_no_gatherings": "The network “{network}” has no gatherings yet, so there is nothing to summarise.",
    "cli.export_none_held": "No gathering of “{network}” has been held yet; the first is on {date}. The summary can be made after it.",
    "cli.no_gatherings": "The network “{network}” has no gatherings yet.",
}

CATALOGS: dict[str, dict[str, str]] = {"nb": NB, "en": EN}
_loaded = False


def load_all() -> dict[str, dict[str, str]]:
    """Merge the area catalogs of `facilitator.locale` (once); returns CATALOGS."""
    global _loaded
    if _loaded:
        return CATALOGS
    import importlib
    import pkgutil

    from facilitator import locale

    for info in sorted(pkgutil.iter_modules(locale.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"facilitator.locale.{info.name}")
        for lang, table in (("nb", getattr(module, "NB", {})), ("en", getattr(module, "EN", {}))):
            clash = set(table) & set(CATALOGS[lang]) - set(_origin)
            if clash:
                raise RuntimeError(f"duplicate i18n keys in locale/{info.name}: {sorted(clash)}")
            CATALOGS[lang].update(table)
        for key in getattr(module, "NB", {}):
            _origin[key] = info.name
    _loaded = True
    return CATALOGS


_origin: dict[str, str] = {}
