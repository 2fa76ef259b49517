"""Importing evaluations from CSV and XLSX files: every encoding and delimiter, the
mapping of columns to questions, bad lines, dry runs, importing twice, personal data,
and the command line's exit codes and messages.

The files are in tests/data/import/, written by make_files.py beside them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator import importers as imp
from facilitator.demo import DEMO_NAME
from facilitator.i18n import set_language
from facilitator.parse import format_date_span
from facilitator.store import Store

DATA = Path(__file__).parent / "data" / "import"

QUESTIONS_NB = ["Svarte samlingen til forventningene?", "Relevante tema", "Ny kunnskap",
                "Hva bør vi gjøre annerledes?"]

# file, format, encoding, delimiter, data lines, number of ok lines
GOOD_FILES = [
    ("forms.xlsx", "xlsx", None, None, [2, 3, 4, 5]),
    ("questback_semicolon_utf8_bom.csv", "csv", "utf-8-sig", ";", [2, 3, 5, 6]),
    ("netigate_comma_utf8.csv", "csv", "utf-8", ",", [2, 3, 4]),
    ("excel_tab_cp1252.txt", "csv", "cp1252", "\t", [2, 3, 4, 5]),
    ("cp1252_with_bom.csv", "csv", "cp1252-bom", ";", [2, 3]),
    ("excel_unicode_utf16.txt", "csv", "utf-16", "\t", [2, 3]),
    ("excel_sep_hint.csv", "csv", "utf-8", ";", [3, 4]),
    ("merged_header.xlsx", "xlsx", None, None, [4, 5, 7]),
    ("formulas.csv", "csv", "utf-8", ";", [2, 3, 4, 5]),
]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def gathering(store: Store, network, seq: int):
    return next(g for g in store.gatherings.list(network.id) if g.seq == seq)


def import_file(store: Store, network, name: str | Path, seq: int = 5, *,
                skip_bad: bool = False) -> imp.ImportResult:
    g = gathering(store, network, seq)
    plan = imp.plan_for(store, g.id, imp.read_table(DATA / name))
    return imp.apply_import(store, g.id, plan, skip_bad=skip_bad)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- the corpus


def test_corpus_files_are_current(tmp_path: Path) -> None:
    """make_files.py writes exactly the committed files (it is deterministic)."""
    sys.path.insert(0, str(DATA))
    try:
        import make_files
    finally:
        sys.path.remove(str(DATA))
    make_files.main(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in DATA.iterdir() if p.suffix != ".py" and p.is_file())
    assert written == committed
    stale = [name for name in written if (tmp_path / name).read_bytes()
             != (DATA / name).read_bytes()]
    assert stale == [], "run tests/data/import/make_files.py"


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize(("name", "fmt", "encoding", "delimiter", "lines"), GOOD_FILES)
def test_every_encoding_and_delimiter_is_read(name, fmt, encoding, delimiter, lines) -> None:
    table = imp.read_table(DATA / name)
    assert (table.format, table.encoding, table.delimiter) == (fmt, encoding, delimiter)
    assert [r.line for r in table.rows] == lines
    assert all(len(r.cells) == len(table.headers) for r in table.rows)
    assert not any(r.extra for r in table.rows)
    assert any("Relevant" in h for h in table.headers)
    assert table.describe().startswith(name)


def test_special_letters_survive_every_encoding() -> None:
    cp1252 = imp.read_table(DATA / "excel_tab_cp1252.txt")
    assert cp1252.headers[-1] == "Hva bør vi gjøre annerledes?"
    assert cp1252.rows[0].cells[:2] == ("Øksnes", "Tjenesteleder")
    assert cp1252.rows[0].cells[-1] == "Færre foredrag, mer tid på øvelser"
    behind_bom = imp.read_table(DATA / "cp1252_with_bom.csv")
    assert behind_bom.headers[0] == "Kommune"  # no "ï»¿" in front
    assert behind_bom.rows[0].cells[-1] == "Gjerne flere samlinger i Vesterålen"
    utf16 = imp.read_table(DATA / "excel_unicode_utf16.txt")
    assert utf16.rows[0].cells[-1] == "Mer tid til å dele erfaringer"
    bom = imp.read_table(DATA / "questback_semicolon_utf8_bom.csv")
    assert bom.headers[0] == "Respondent"


def test_quoted_cells_keep_delimiters_and_line_breaks() -> None:
    table = imp.read_table(DATA / "questback_semicolon_utf8_bom.csv")
    assert table.rows[0].cells[-1] == "Mer tid; færre tema"
    assert table.rows[1].cells[-1] == "Flere eksempler\nfra andre kommuner"
    # the answer over two lines makes the next record start on line 5
    assert [r.line for r in table.rows] == [2, 3, 5, 6]


def test_semicolon_file_with_commas_in_answers(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "Relevante tema;Hva bør vi gjøre annerledes?\n"
                 "5;Mer tid, færre tema, flere pauser\n4;Ja, takk, mer, av, alt\n3;Nei\n")
    table = imp.read_table(path)
    assert table.delimiter == ";"
    assert table.rows[0].cells == ("5", "Mer tid, færre tema, flere pauser")


def test_merged_two_row_header_is_combined() -> None:
    table = imp.read_table(DATA / "merged_header.xlsx")
    assert table.headers == (
        "Om deg – Kommune", "Om deg – Rolle",
        "Om samlingen – Svarte samlingen til forventningene?",
        "Om samlingen – Relevante tema", "Om samlingen – Ny kunnskap",
        "Hva bør vi gjøre annerledes?",
    )
    assert table.header_lines == (1, 2, 3)
    assert table.sheet == "Evaluering"
    # numbers are read as numbers ("5", not "5.0"); the empty row 6 is skipped
    assert [r.cells[3] for r in table.rows] == ["5", "6", "2"]


def test_xlsx_cell_types(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["Relevante tema", "Ny kunnskap", "Svarte samlingen til forventningene?"])
    ws.append([4.0, 4.5, True])
    ws.append(["=1+4", 3, None])  # a formula Excel never calculated: no cached value
    book.save(tmp_path / "types.xlsx")
    table = imp.read_table(tmp_path / "types.xlsx")
    assert table.rows[0].cells == ("4", "4.5", "TRUE")
    assert table.rows[1].cells == ("", "3", "")  # never evaluated


def _excel_like(path: Path, *, date_1904: bool = False) -> Path:
    """A workbook as Excel writes one (XlsxWriter, an independent writer): shared
    strings, rich text, styles with date formats, cached formula results."""
    from datetime import datetime, time

    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"date_1904": date_1904})
    book.add_worksheet("Tom")  # an empty first sheet is passed over
    ws = book.add_worksheet("Svar")
    when = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    day = book.add_format({"num_format": "d/m/yyyy"})
    clock = book.add_format({"num_format": "h:mm"})
    money = book.add_format({"num_format": '#,##0.00 "kr"'})
    bold = book.add_format({"bold": True})
    ws.write_row(0, 0, ["Fullføringstidspunkt", "Dato", "Klokka", "Relevante tema",
                        "Ny kunnskap", "Svarte samlingen til forventningene?",
                        "Hva bør vi gjøre annerledes?", "Beløp", "Feil"])
    ws.write_datetime(1, 0, datetime(2026, 12, 15, 15, 3), when)
    ws.write_datetime(1, 1, datetime(2026, 12, 15), day)
    ws.write_datetime(1, 2, time(9, 30), clock)
    ws.write_formula(1, 3, "=2+3", None, 5)
    ws.write_number(1, 4, 4.0)
    ws.write_boolean(1, 5, True)
    ws.write_rich_string(1, 6, "Mer ", bold, "tid", " til gruppearbeid")
    ws.write_number(1, 7, 1234.5, money)
    ws.write_formula(1, 8, "=1/0", None, "#DIV/0!")
    ws.write_row(2, 3, [6, 5])
    ws.write_boolean(2, 5, False)
    ws.write_formula(2, 6, '="Bra"&" samling"', None, "Bra samling")
    ws.write_string(2, 7, "linje 1\r\nlinje 2")
    book.close()
    return path


@pytest.mark.parametrize("date_1904", [False, True])
def test_xlsx_as_excel_writes_it(tmp_path: Path, date_1904: bool) -> None:
    table = imp.read_table(_excel_like(tmp_path / "excel.xlsx", date_1904=date_1904))
    assert table.sheet == "Svar"
    assert table.headers[0] == "Fullføringstidspunkt"
    assert table.rows[0].cells == (
        "2026-12-15 15:03:00", "2026-12-15 00:00:00", "09:30:00", "5", "4", "TRUE",
        "Mer tid til gruppearbeid", "1234.5", "#DIV/0!")
    assert table.rows[1].cells == ("", "", "", "6", "5", "FALSE", "Bra samling",
                                   "linje 1\r\nlinje 2", "")


def test_xlsx_cells_are_what_openpyxl_saw(tmp_path: Path) -> None:
    """Cell by cell, the streaming reader gives the values openpyxl gave before it,
    except that it undoes the _xHHHH_ escapes (openpyxl left "_x000D_" in the text)."""
    import re

    import openpyxl

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        if hasattr(value, "isoformat"):
            return value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(
                value, "day") else value.isoformat()
        return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), str(value))

    for path in (DATA / "forms.xlsx", _excel_like(tmp_path / "excel.xlsx")):
        book = openpyxl.load_workbook(path, data_only=True)
        sheet = next(ws for ws in book.worksheets if ws.max_row > 1)
        expected = [tuple(text(v) for v in row) for row in sheet.iter_rows(values_only=True)]
        table = imp.read_table(path)
        assert table.headers == expected[0]
        assert [r.cells for r in table.rows] == expected[1:]


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return path


def test_a_workbook_with_a_dtd_is_refused(tmp_path: Path) -> None:
    """No workbook has a DTD: one with entities (a billion laughs) is refused unread."""
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
              '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              "<sheets><sheet name='&lol2;' sheetId='1'/></sheets></workbook>")
    path = _zip(tmp_path / "lol.xlsx", {"xl/workbook.xml": laughs})
    with pytest.raises(imp.ImporterError) as info:
        imp.read_table(path)
    assert info.value.key == "imp.err.xlsx_damaged"
    assert "DTD" in info.value.message()


def test_a_word_document_is_not_a_workbook(tmp_path: Path) -> None:
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>')
    path = _zip(tmp_path / "svar.docx", {"_rels/.rels": rels, "word/document.xml":
                                         '<w:document xmlns:w="urn:w"/>'})
    with pytest.raises(imp.ImporterError) as info:
        imp.read_table(path)
    assert info.value.key == "imp.err.not_xlsx"


def test_an_xlsx_named_csv_is_read_as_xlsx(tmp_path: Path) -> None:
    shutil.copyfile(DATA / "forms.xlsx", tmp_path / "svar.csv")
    table = imp.read_table(tmp_path / "svar.csv")
    assert table.format == "xlsx" and len(table.rows) == 4


BAD_FILES = [
    ("empty.csv", "er tom"),
    ("only_bom_and_blank_lines.csv", "er tom"),
    ("binary.csv", "ser ikke ut som en CSV- eller Excel-fil"),
]


@pytest.mark.parametrize(("name", "words"), BAD_FILES)
def test_bad_corpus_files_give_a_clear_message(name: str, words: str) -> None:
    before = sha(DATA / name)
    with pytest.raises(imp.ImporterError) as info:
        imp.read_table(DATA / name)
    message = info.value.message()
    assert words in message and name in message
    assert "\n" not in message
    assert sha(DATA / name) == before


def _bad_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.dat"
    if kind == "old_excel":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    elif kind == "zip":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w/>")
    elif kind == "broken_xlsx":
        data = (DATA / "forms.xlsx").read_bytes()
        path.write_bytes(data[: len(data) // 2])
    elif kind == "html":
        path.write_text("<!DOCTYPE html><html><table><tr><td>5</td></tr></table></html>")
    elif kind == "nul":
        path.write_bytes(b"Relevante tema;Ny kunnskap\n5;\x004\n")
    elif kind == "folder":
        path.mkdir()
    elif kind == "device":
        return Path(os.devnull)
    return path


@pytest.mark.parametrize(("kind", "words"), [
    ("old_excel", "gammel Excel-fil"),
    ("zip", "ikke en Excel-arbeidsbok"),
    ("broken_xlsx", "kan ikke leses som Excel-arbeidsbok"),
    ("html", "ikke en tabell"),
    ("nul", "ser ikke ut som en CSV- eller Excel-fil"),
    ("folder", "er en mappe"),
    ("device", "ikke en vanlig fil"),
    ("missing", "Finner ikke filen"),
])
def test_other_bad_files_give_a_clear_message(tmp_path: Path, kind: str, words: str) -> None:
    path = _bad_file(tmp_path, kind)
    with pytest.raises(imp.ImporterError) as info:
        imp.read_table(path)
    assert words in info.value.message()
    set_language("en")
    assert info.value.message() != ""
    assert "{" not in info.value.message()


def test_too_large_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"Relevante tema\n" + b"5\n" * (10 * 1024 * 1024))  # 20 MB and 15 bytes
    with pytest.raises(imp.ImporterError) as info:
        imp.read_table(path)
    # the size rounded up, so that it never reads as the limit itself
    assert info.value.message().startswith(f"{path} er på 20,1 MB; grensen er 20 MB.")
    set_language("en")
    assert info.value.message().startswith(f"{path} is 20.1 MB; the limit is 20 MB.")


# --------------------------------------------------------------------------- mapping


def test_forms_columns_are_proposed(demo_store, demo_network) -> None:
    table = imp.read_table(DATA / "forms.xlsx")
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    by_text = {q.text_nb: q.id for q in questions}
    guesses = imp.analyse_columns(table.headers, questions)
    kinds = [g.kind for g in guesses]
    assert kinds == ["response_id", "metadata", "metadata", "personal", "personal",
                     "question", "question", "question", "question", "municipality", "role"]
    mapping = imp.propose_mapping(table.headers, questions)
    assert mapping == {
        0: imp.RESPONSE_ID, 1: None, 2: None, 3: None, 4: None,
        5: by_text[QUESTIONS_NB[0]], 6: by_text[QUESTIONS_NB[1]],
        7: by_text[QUESTIONS_NB[2]], 8: by_text[QUESTIONS_NB[3]],
        9: imp.MUNICIPALITY, 10: imp.ROLE,
    }
    assert imp.mapping_problems(table.headers, questions, mapping) == []
    assert imp.confirmation_reasons(table, guesses, mapping) == ([], True)


def test_english_numbered_and_cut_headers_are_matched(demo_store, demo_network) -> None:
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    headers = ["Relevant themes", "3. Ny kunnskap", "Svarte samlingen til forvent…",
               "Q4 What should we do differently"]
    guesses = imp.analyse_columns(headers, questions)
    assert [imp.target_label(g.target, questions) for g in guesses] == [
        "«Relevante tema» (Skala 1–6)", "«Ny kunnskap» (Skala 1–6)",
        "«Svarte samlingen til forventningene?» (Ja/nei)",
        "«Hva bør vi gjøre annerledes?» (Fritekst)"]
    assert all(g.score >= imp.SURE and not g.ambiguous for g in guesses)


@pytest.mark.parametrize("header", ["Name", "Navn", "Fullt navn", "E-post", "Email",
                                    "E-postadresse", "Email address", "Respondent's name",
                                    "Ditt navn", "Telefon", "Mobilnummer", "IP-adresse",
                                    "Fornavn og etternavn"])
def test_personal_columns_are_never_mapped(demo_store, demo_network, header: str) -> None:
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    headers = [header, "Relevante tema"]
    assert imp.personal_columns(headers) == {0}
    assert imp.propose_mapping(headers, questions)[0] is None
    forced = {0: questions[3].id, 1: questions[1].id}
    problems = imp.mapping_problems(headers, questions, forced)
    assert any("personopplysninger" in p.message() for p in problems)
    table = imp.Table(Path("x.csv"), tuple(headers), (imp.Row(2, ("Kari", "5")),), "csv")
    with pytest.raises(imp.ImporterError):
        imp.plan_import(table, forced, questions, set(), gathering_id="g")


def test_a_question_mentioning_mail_is_a_question(demo_store, demo_network) -> None:
    text = "Fikk du mail om samlingen i god tid før den startet?"
    demo_store.questions.add(demo_network.id, text, "yes_no")
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    headers = [text, "Hva er e-postadressen din?", "E-post"]
    assert imp.personal_columns(headers, questions) == {1, 2}
    mapping = imp.propose_mapping(headers, questions)
    assert mapping == {0: questions[-1].id, 1: None, 2: None}


def test_a_response_id_that_is_not_an_id_is_not_used(demo_store, demo_network,
                                                     tmp_path) -> None:
    g = gathering(demo_store, demo_network, 5)
    with_id = write(tmp_path / "a.csv", "Respondent;Relevante tema\nkari@example.no;5\n")
    without = write(tmp_path / "b.csv", "Relevante tema\n5\n")
    one = imp.plan_for(demo_store, g.id, imp.read_table(with_id))
    two = imp.plan_for(demo_store, g.id, imp.read_table(without))
    assert one.mapping[0] == imp.RESPONSE_ID
    assert one.lines[0].import_key == two.lines[0].import_key


@pytest.mark.parametrize("header", ["Kommunens navn", "Kommune", "Hvilken kommune?",
                                    "Municipality"])
def test_municipality_columns_are_not_personal(demo_store, demo_network, header: str) -> None:
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    assert imp.personal_columns([header]) == set()
    assert imp.propose_mapping([header, "Relevante tema"], questions)[0] == imp.MUNICIPALITY


def test_doubtful_mappings_ask_for_confirmation(demo_store, demo_network, tmp_path) -> None:
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    # a column no question matches: confirm, or accept with --yes
    path = write(tmp_path / "a.csv", "Forventninger;Relevante tema\nJa;5\n")
    table = imp.read_table(path)
    guesses = imp.analyse_columns(table.headers, questions)
    reasons, acceptable = imp.confirmation_reasons(table, guesses, imp.propose_mapping(
        table.headers, questions))
    assert [r.message() for r in reasons] == [
        "kolonne A «Forventninger» passer ikke til noe spørsmål"]
    assert acceptable
    # the same question twice: only a person can choose
    path = write(tmp_path / "b.csv", "Relevante tema;Relevante tema\n5;4\n")
    table = imp.read_table(path)
    guesses = imp.analyse_columns(table.headers, questions)
    reasons, acceptable = imp.confirmation_reasons(table, guesses, imp.propose_mapping(
        table.headers, questions))
    assert not acceptable and reasons
    # a header naming two questions is ambiguous
    guesses = imp.analyse_columns(["Relevante tema og ny kunnskap"], questions)
    assert guesses[0].ambiguous


def test_mapping_problems(demo_store, demo_network) -> None:
    questions = imp.questions_for(demo_store, gathering(demo_store, demo_network, 5).id)
    headers = ["A", "B", "C"]
    twice = {0: questions[1].id, 1: questions[1].id, 2: None}
    assert [p.message() for p in imp.mapping_problems(headers, questions, twice)] == [
        "«Relevante tema» (Skala 1–6) er koblet til flere kolonner (A, B)"]
    nothing = {0: imp.MUNICIPALITY, 1: None, 2: None}
    assert [p.key for p in imp.mapping_problems(headers, questions, nothing)] == [
        "imp.why.no_questions"]


# --------------------------------------------------------------------------- plan and apply


@pytest.mark.parametrize(("name", "fmt", "encoding", "delimiter", "lines"), GOOD_FILES)
def test_every_good_file_imports(demo_store, demo_network, name, fmt, encoding, delimiter,
                                 lines) -> None:
    g = gathering(demo_store, demo_network, 5)
    result = import_file(demo_store, demo_network, name)
    assert (result.imported, result.duplicates, result.skipped_bad) == (len(lines), 0, 0)
    responses = demo_store.evaluations.list(g.id)
    assert len(responses) == len(lines)
    assert {r.source for r in responses} == {"import"}
    assert all(r.import_key for r in responses)


def test_answers_are_stored_as_parsed(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / "forms.xlsx"))
    # the file's municipality and role, as parsed
    assert plan.lines[0].municipality_id == demo_store.register.get("1867").id  # Bø
    assert plan.lines[0].role == "ordforer"
    assert sorted(line.role for line in plan.lines) == [
        "kommunedirektor", "ordforer", "stab", "tillitsvalgt"]
    hadsel = demo_store.register.get("1866").id  # given as "1866"
    assert hadsel in {line.municipality_id for line in plan.lines}
    imp.apply_import(demo_store, g.id, plan)
    questions = {q.text_nb: q.id for q in demo_store.questions.freeze(g.id)}
    responses = demo_store.evaluations.list(g.id)
    first = next(r for r in responses if r.answers[questions["Relevante tema"]].score == 5
                 and r.answers[questions["Ny kunnskap"]].score == 4)
    assert first.answers[questions[QUESTIONS_NB[0]]].score == 1  # "Ja"
    assert first.answers[questions[QUESTIONS_NB[3]]].text == "Mer tid til gruppearbeid"
    # stored as the capture rule allows (gathering 5, no attendance: the registered)
    sizes = demo_store.evaluations.group_sizes(g.id)
    stored = sorted(((r.municipality_id, r.role) for r in responses), key=repr)
    kept = [sizes.decide(line.municipality_id, line.role) for line in plan.lines]
    assert stored == sorted(((k.municipality_id, k.role) for k in kept), key=repr)
    skipped = [r for r in responses if r.answers[questions[QUESTIONS_NB[3]]].skipped]
    assert len(skipped) == 2  # empty free text is stored as skipped


def test_dry_run_writes_nothing(demo_store, demo_network, demo_path: Path) -> None:
    g = gathering(demo_store, demo_network, 5)
    before = demo_store.evaluations.count(g.id)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / "forms.xlsx"))
    assert [line.status for line in plan.lines] == ["ok"] * 4
    assert plan.lines[0].message() == "linje 2: ok — 4 svar"
    assert demo_store.evaluations.count(g.id) == before == 0
    # planning did not even freeze the gathering's questions
    assert demo_store.questions.of_gathering(g.id) == []


def test_bad_line_imports_nothing(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / "bad_line.csv"))
    assert [(line.line, line.status) for line in plan.lines] == [
        (2, "ok"), (3, "ok"), (4, "bad"), (5, "ok")]
    assert plan.bad[0].message() == (
        "linje 4: feil — «Relevante tema»: «fem» er ikke et gyldig svar (1–6); "
        "«Ny kunnskap»: «4.5» er ikke et gyldig svar (1–6)")
    with pytest.raises(imp.ImporterError) as info:
        imp.apply_import(demo_store, g.id, plan)
    assert info.value.message() == "1 av 4 linjer har feil; ingenting er importert."
    assert demo_store.evaluations.count(g.id) == 0


def test_bad_values_name_the_column_and_the_value(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / "bad_values.csv"))
    assert [line.message() for line in plan.bad] == [
        "linje 3: feil — «Relevante tema»: «fem» er ikke et gyldig svar (1–6)",
        "linje 4: feil — «Ny kunnskap»: «7» er ikke et gyldig svar (1–6)",
        "linje 5: feil — «Relevante tema»: «4.5» er ikke et gyldig svar (1–6)",
        "linje 6: feil — «Svarte samlingen til forventningene?»: «Kanskje» er ikke ja eller nei",
    ]
    set_language("en")
    assert plan.bad[0].message() == (
        "line 3: error — “Relevante tema”: “fem” is not a valid answer (1–6)")


def test_skip_bad_imports_the_good_lines(demo_store, demo_network) -> None:
    result = import_file(demo_store, demo_network, "bad_values.csv", skip_bad=True)
    assert (result.imported, result.skipped_bad) == (2, 4)
    assert result.message() == ("2 svar importert, 0 fantes fra før, "
                                "4 linjer med feil hoppet over.")
    g = gathering(demo_store, demo_network, 5)
    assert demo_store.evaluations.count(g.id) == 2


@pytest.mark.parametrize("name", ["forms.xlsx", "questback_semicolon_utf8_bom.csv",
                                  "excel_tab_cp1252.txt", "merged_header.xlsx"])
def test_importing_twice_adds_nothing(demo_store, demo_network, name: str) -> None:
    g = gathering(demo_store, demo_network, 5)
    first = import_file(demo_store, demo_network, name)
    count = demo_store.evaluations.count(g.id)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / name))
    assert {line.status for line in plan.lines} == {"duplicate"}
    second = imp.apply_import(demo_store, g.id, plan)
    assert (second.imported, second.duplicates) == (0, first.imported)
    assert second.message() == f"0 svar importert, {first.imported} fantes fra før."
    assert demo_store.evaluations.count(g.id) == count


def test_a_stale_plan_does_not_duplicate(demo_store, demo_network) -> None:
    """Two plans made before either was applied: the second adds nothing."""
    g = gathering(demo_store, demo_network, 5)
    table = imp.read_table(DATA / "netigate_comma_utf8.csv")
    one, two = imp.plan_for(demo_store, g.id, table), imp.plan_for(demo_store, g.id, table)
    assert imp.apply_import(demo_store, g.id, one).imported == 3
    result = imp.apply_import(demo_store, g.id, two)
    assert (result.imported, result.duplicates) == (0, 3)
    assert demo_store.evaluations.count(g.id) == 3


def test_identical_lines_in_one_file_are_all_kept(demo_store, demo_network, tmp_path) -> None:
    path = write(tmp_path / "same.csv", "Relevante tema;Ny kunnskap\n5;5\n5;5\n4;4\n5;5\n")
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert len({line.import_key for line in plan.lines}) == 4
    assert imp.apply_import(demo_store, g.id, plan).imported == 4
    again = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert imp.apply_import(demo_store, g.id, again).imported == 0
    # one more identical answer in a later export is new
    write(tmp_path / "same.csv", "Relevante tema;Ny kunnskap\n5;5\n5;5\n4;4\n5;5\n5;5\n")
    later = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert [line.status for line in later.lines] == ["duplicate"] * 4 + ["ok"]


def test_the_same_answers_in_another_format_are_duplicates(demo_store, demo_network,
                                                           tmp_path) -> None:
    """Keys are made from parsed answers: "5 - Svært enig" in XLSX equals "5" in CSV."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Relevante tema", "Svarte samlingen til forventningene?"])
    book.active.append(["5 - Svært enig", "Ja"])
    book.save(tmp_path / "a.xlsx")
    write(tmp_path / "b.csv", "Relevante tema;Svarte samlingen til forventningene?\n5;ja\n",
          "cp1252")
    g = gathering(demo_store, demo_network, 5)
    assert imp.apply_import(demo_store, g.id, imp.plan_for(
        demo_store, g.id, imp.read_table(tmp_path / "a.xlsx"))).imported == 1
    plan = imp.plan_for(demo_store, g.id, imp.read_table(tmp_path / "b.csv"))
    assert [line.status for line in plan.lines] == ["duplicate"]


def test_keys_depend_on_the_gathering(demo_store, demo_network) -> None:
    assert import_file(demo_store, demo_network, "forms.xlsx", seq=5).imported == 4
    assert import_file(demo_store, demo_network, "forms.xlsx", seq=6).imported == 4


def test_import_into_a_gathering_with_typed_responses(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 2)
    before = demo_store.evaluations.count(g.id)
    assert before > 0
    assert import_file(demo_store, demo_network, "netigate_comma_utf8.csv", seq=2).imported == 3
    assert demo_store.evaluations.count(g.id) == before + 3


def test_formula_cells_are_stored_literally(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 5)
    import_file(demo_store, demo_network, "formulas.csv")
    qid = next(q.id for q in demo_store.questions.freeze(g.id) if q.kind == "text")
    texts = sorted(r.answers[qid].text for r in demo_store.evaluations.list(g.id))
    assert texts == sorted(['=HYPERLINK("http://example.com/x","klikk")', "+1",
                            "@SUM(A1:A9)", "-2+3"])


def test_formula_in_a_score_cell_is_a_bad_line(demo_store, demo_network, tmp_path) -> None:
    path = write(tmp_path / "f.csv", "Relevante tema;Ny kunnskap\n=5;+4\n5;4\n")
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert plan.bad[0].message() == ("linje 2: feil — «Relevante tema»: «=5» er ikke et gyldig "
                                     "svar (1–6); «Ny kunnskap»: «+4» er ikke et gyldig svar "
                                     "(1–6)")


def test_names_and_emails_are_stored_nowhere(demo_store, demo_network, demo_path) -> None:
    import_file(demo_store, demo_network, "forms.xlsx")
    demo_store.files.backup()
    demo_store.files.checkpoint()
    demo_store.close()
    secrets = [b"Testesen", "Prøvesen".encode(), b"Eksempelsdatter", b"Personvern",
               b"kari.testesen@", b"ola.provesen@", b"randi.eks@", b"per.personvern@"]
    files = [p for p in demo_path.parent.rglob("*") if p.is_file()]
    assert any(p.suffix == ".db" and "backups" in p.parts for p in files)
    for path in files:
        data = path.read_bytes()
        assert [s for s in secrets if s in data] == [], path


def test_unknown_municipality_and_role_are_notes(demo_store, demo_network, tmp_path) -> None:
    path = write(tmp_path / "x.csv", "Kommune;Rolle;Relevante tema\n"
                 "Atlantis;Sjef;5\nHerøy;Ordfører;4\n0301;Rådgiver;3\n")
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert [line.status for line in plan.lines] == ["ok", "ok", "ok"]
    assert plan.lines[0].message() == (
        "linje 2: ok — 1 svar; «Kommune»: ukjent kommune «Atlantis», svaret lagres uten "
        "kommune; «Rolle»: ukjent rolle «Sjef», svaret lagres uten rolle")
    assert "flere kommuner" in plan.lines[1].message()  # Herøy is two municipalities
    assert plan.lines[2].municipality_id == demo_store.register.get("0301").id
    assert plan.lines[2].role == "stab"
    result = imp.apply_import(demo_store, g.id, plan)
    assert result.imported == 3


def test_extra_cells_make_a_line_bad(demo_store, demo_network, tmp_path) -> None:
    path = write(tmp_path / "x.csv", "Relevante tema;Hva bør vi gjøre annerledes?\n"
                 "5;Bra\n4;Mer tid; mindre prat\n")
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert [line.status for line in plan.lines] == ["ok", "bad"]
    assert "utenfor kolonnene" in plan.lines[1].message()


HEADER = ";".join(QUESTIONS_NB) + "\n"

# What a file of one line and of two lines says, in both languages: "1 linje", "2 linjer".
COUNTED = {
    "nb": {
        1: ["1 linje med svar.", "linje 2: ok — 1 svar", "1 linje: 1 kan importeres",
            "1 svar importert, 0 fantes fra før.", "1 av 1 linje har feil;",
            "1 linje med feil hoppet over.", "linjen har 1 celle utenfor",
            "1 linje med feil hoppes over; Ctrl+S importerer 1 god linje.",
            "Importere 1 god linje og hoppe over 1 med feil?", "… og 1 linje til"],
        2: ["2 linjer med svar.", "linje 3: ok — 2 svar", "2 linjer: 2 kan importeres",
            "2 svar importert, 0 fantes fra før.", "2 av 2 linjer har feil;",
            "2 linjer med feil hoppet over.", "linjen har 2 celler utenfor",
            "2 linjer med feil hoppes over; Ctrl+S importerer 2 gode linjer.",
            "Importere 2 gode linjer og hoppe over 2 med feil?", "… og 2 linjer til"],
    },
    "en": {
        1: ["1 line with answers.", "line 2: ok — 1 answer", "1 line: 1 can be imported",
            "1 response imported, 0 already imported.", "1 of 1 line has errors;",
            "1 line with errors skipped.", "the line has 1 cell beyond",
            "1 line with errors is skipped; Ctrl+S imports 1 good line.",
            "Import 1 good line and skip 1 with errors?", "… and 1 more line "],
        2: ["2 lines with answers.", "line 3: ok — 2 answers", "2 lines: 2 can be imported",
            "2 responses imported, 0 already imported.", "2 of 2 lines have errors;",
            "2 lines with errors skipped.", "the line has 2 cells beyond",
            "2 lines with errors are skipped; Ctrl+S imports 2 good lines.",
            "Import 2 good lines and skip 2 with errors?", "… and 2 more lines "],
    },
}


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("n", [1, 2])
def test_counts_in_singular_and_plural(demo_store, demo_network, tmp_path, lang: str,
                                       n: int) -> None:
    from facilitator.i18n import t

    set_language(lang)
    g = gathering(demo_store, demo_network, 5)
    good = ["Ja;;;", "Ja;5;;"][:n]  # line 2: one answer, line 3: two
    said: list[str] = []
    table = imp.read_table(write(tmp_path / "good.csv", HEADER + "\n".join(good) + "\n"))
    plan = imp.plan_for(demo_store, g.id, table)
    said += [table.describe(), plan.lines[-1].message(), plan.summary()]
    said.append(imp.apply_import(demo_store, g.id, plan).message())
    # n bad lines (and one good one to skip them for)
    bad = write(tmp_path / "bad.csv", HEADER + "Nei;4;;\n" + "Ja;fem;;\n" * n)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(bad))
    assert len(plan.bad) == n
    said.append(t("imp.err.bad_lines", bad=n, lines=n))
    said.append(imp.apply_import(demo_store, g.id, plan, skip_bad=True).message())
    extra = write(tmp_path / "extra.csv", "Relevante tema;Ny kunnskap\n5;4\n5;4" + ";x" * n)
    said.append(imp.plan_for(demo_store, g.id, imp.read_table(extra)).lines[1].message())
    said += [t("imp.screen.skipping", bad=n, ok=n), t("imp.cli.ask_skip", ok=n, bad=n),
             t("imp.screen.more_lines", count=n)]
    for expected, text in zip(COUNTED[lang][n], said, strict=True):
        assert expected in text, (expected, text)


def test_a_long_value_is_cut_in_its_message(demo_store, demo_network, tmp_path) -> None:
    """A cell may hold 32,767 characters: its message shows the first 60 (the dry run
    lists up to 1,000 lines of them)."""
    g = gathering(demo_store, demo_network, 5)
    long = "fem og " * 2000
    path = write(tmp_path / "svar.csv", f"Relevante tema;Kommune\n{long};{long}\n")
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert plan.mapping[1] == imp.MUNICIPALITY
    message = plan.lines[0].message()
    assert "«fem og fem og" in message and "…»" in message
    assert len(message) < 300


# --------------------------------------------------------------------------- completion times


def test_answers_completed_far_from_the_gathering_are_warned(demo_store, demo_network) -> None:
    """forms.xlsx was completed 15.12.2026: 74 days after gathering 2 (which ended
    10.05.2026). The dry run warns in one line and marks each line; nothing is bad."""
    g = gathering(demo_store, demo_network, 2)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / "forms.xlsx"))
    assert plan.time_warning is not None
    days = format_date_span(g.date, g.end_date)
    assert plan.time_warning.message() == (
        f"Obs: 4 av 4 svar er fullført 15.12.2026, mer enn 2 dager før eller 30 dager etter "
        f"samlingen ({days}). Gjelder de denne samlingen? Linjene er merket.")
    after = (date(2026, 12, 15) - (g.end_date or g.date)).days
    assert [line.status for line in plan.lines] == ["ok"] * 4
    for line in plan.lines:
        assert line.message().endswith(
            f"«Completion time»: fullført 15.12.2026, {after} dager etter samlingen")
    set_language("en")
    assert plan.time_warning.message().startswith(
        "Note: 4 of 4 responses were completed 15.12.2026, more than 2 days before")
    # a warning, not an error: the answers can be imported all the same
    assert imp.apply_import(demo_store, g.id, plan).imported == 4


def test_answers_completed_near_the_gathering_are_not_warned(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 5)  # 11.–12.12.2026: three days before the 15th
    plan = imp.plan_for(demo_store, g.id, imp.read_table(DATA / "forms.xlsx"))
    assert plan.time_warning is None
    assert not any("fullført" in line.message() for line in plan.lines)


@pytest.mark.parametrize(("header", "written"), [
    ("Fullføringstidspunkt", lambda d: f"{d:%d.%m.%Y %H:%M:%S}"),
    ("Completion time", lambda d: f"{d.month}/{d.day}/{d.year} {d.hour % 12 or 12}:{d:%M} "
                                  f"{'PM' if d.hour >= 12 else 'AM'}"),
    ("End date", lambda d: f"{d:%Y-%m-%d %H:%M}"),
    ("Starttidspunkt", lambda d: f"{d:%d/%m/%Y %H:%M}"),
    ("Innsendt", lambda d: f"{(d - datetime(1899, 12, 30)) / timedelta(days=1):.5f}"),
])
def test_completion_times_as_tools_write_them(demo_store, demo_network, tmp_path, header,
                                              written) -> None:
    """Three answers a day or two around the gathering, one 6 days before and one 40
    days after it: two lines are marked, whatever the format of the times."""
    g = gathering(demo_store, demo_network, 4)
    start = datetime.combine(g.date, datetime.min.time()).replace(hour=15, minute=30)
    end = datetime.combine(g.end_date or g.date, datetime.min.time()).replace(hour=9)
    times = [start - timedelta(days=1), start, end + timedelta(days=2),
             start - timedelta(days=6), end + timedelta(days=40)]
    text = f"{header};Relevante tema\n" + "".join(f"{written(w)};5\n" for w in times)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(write(tmp_path / "svar.csv", text)))
    assert plan.time_warning is not None
    assert plan.time_warning.params["count"] == 2 and plan.time_warning.params["checked"] == 5
    assert plan.time_warning.params["span"] == format_date_span(times[3].date(),
                                                                times[4].date())
    marked = [line.line for line in plan.lines if line.notes]
    assert marked == [5, 6]
    assert "6 dager før samlingen" in plan.lines[3].message()
    assert "40 dager etter samlingen" in plan.lines[4].message()


def test_unreadable_completion_times_are_no_warning(demo_store, demo_network, tmp_path) -> None:
    g = gathering(demo_store, demo_network, 2)
    path = write(tmp_path / "svar.csv", "Completion time;Relevante tema\nfor lenge siden;5\n"
                 ";4\n")
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert plan.time_warning is None and plan.bad == []


def test_cli_dry_run_warns_of_completion_times(demo_path: Path) -> None:
    r = cli(demo_path, "forms.xlsx", "--dry-run", seq="2")
    assert r.returncode == 0, r.stderr
    assert "Obs: 4 av 4 svar er fullført 15.12.2026" in r.stdout
    assert "linje 2: ok — 4 svar" in r.stdout and "dager etter samlingen" in r.stdout


def test_lines_without_answers_are_empty_not_bad(demo_store, demo_network, tmp_path) -> None:
    path = write(tmp_path / "x.csv", "ID;Relevante tema;Ny kunnskap\n1;5;4\n2;;\n")
    g = gathering(demo_store, demo_network, 5)
    plan = imp.plan_for(demo_store, g.id, imp.read_table(path))
    assert [line.status for line in plan.lines] == ["ok", "empty"]
    assert plan.lines[1].message() == "linje 3: tom — ingen svar å importere"
    result = imp.apply_import(demo_store, g.id, plan)
    assert (result.imported, result.empty) == (1, 1)


def test_a_plan_for_another_gathering_is_refused(demo_store, demo_network) -> None:
    g5, g6 = gathering(demo_store, demo_network, 5), gathering(demo_store, demo_network, 6)
    plan = imp.plan_for(demo_store, g5.id, imp.read_table(DATA / "forms.xlsx"))
    with pytest.raises(imp.ImporterError):
        imp.apply_import(demo_store, g6.id, plan)
    assert demo_store.evaluations.count(g6.id) == 0


# --------------------------------------------------------------------------- command line


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("FACILITATOR_LANG", "FACILITATOR_DEBUG")}
    environ.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, env=environ,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def cli(db: Path, name: str | Path, *extra: str, seq: str = "5", **env: str):
    args = ["import-evaluations", str(DATA / name), "--db", str(db), "--network", DEMO_NAME]
    if seq:
        args += ["--gathering", seq]
    return run([*args, *extra], **env)


def count(db: Path, seq: int = 5) -> int:
    with Store(db, auto_backup=False) as s:
        net = s.networks.find(DEMO_NAME)
        return s.evaluations.count(gathering(s, net, seq).id)


def test_cli_dry_run(demo_path: Path) -> None:
    r = cli(demo_path, "forms.xlsx", "--dry-run")
    assert r.returncode == 0, r.stderr
    assert "linje 2: ok — 4 svar" in r.stdout
    assert "E  Name" in r.stdout and "personopplysning" in r.stdout
    assert "4 linjer: 4 kan importeres, 0 med feil" in r.stdout
    assert "Prøvekjøring: ingenting er lagret." in r.stdout
    assert count(demo_path) == 0


def test_cli_names_a_one_day_gathering_by_one_date(demo_path: Path) -> None:
    with Store(demo_path, auto_backup=False) as s:
        g = gathering(s, s.networks.find(DEMO_NAME), 5)
        s.gatherings.update(g.id, end_date=g.date)
    day = f"{g.date:%d.%m.%Y}"
    r = cli(demo_path, "forms.xlsx", "--dry-run")
    assert f"Samling 5 ({day}) i «{DEMO_NAME}»." in r.stdout
    assert f"{day}–" not in r.stdout


def test_cli_dry_run_with_a_bad_line(demo_path: Path) -> None:
    r = cli(demo_path, "bad_values.csv", "--dry-run")
    assert r.returncode == 1
    assert "linje 3: feil — «Relevante tema»: «fem» er ikke et gyldig svar (1–6)" in r.stdout
    assert "linje 2: ok — 4 svar" in r.stdout
    assert count(demo_path) == 0


def test_cli_imports_once(demo_path: Path) -> None:
    r = cli(demo_path, "questback_semicolon_utf8_bom.csv")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("4 svar importert, 0 fantes fra før.")
    r = cli(demo_path, "questback_semicolon_utf8_bom.csv")
    assert r.returncode == 0
    assert r.stdout.strip().endswith("0 svar importert, 4 fantes fra før.")
    assert count(demo_path) == 4


def test_cli_bad_lines_import_nothing_unless_skipped(demo_path: Path) -> None:
    r = cli(demo_path, "bad_line.csv")
    assert r.returncode == 1
    assert "linje 4: feil — «Relevante tema»: «fem»" in r.stderr
    assert "1 av 4 linjer har feil; ingenting er importert." in r.stderr
    assert "--skip-bad" in r.stderr
    assert count(demo_path) == 0
    r = cli(demo_path, "bad_line.csv", "--skip-bad")
    assert r.returncode == 0
    assert "3 svar importert, 0 fantes fra før, 1 linje med feil hoppet over." in r.stdout
    assert count(demo_path) == 3


def test_cli_a_file_of_only_bad_lines_is_not_offered_skip_bad(demo_path: Path,
                                                              tmp_path: Path) -> None:
    """Skipping the bad lines of a file with no good one would import nothing."""
    path = write(tmp_path / "x.csv", ";".join(QUESTIONS_NB) + "\nJa;fem;;\n")
    r = cli(demo_path, path)
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-2:] == [
        "1 av 1 linje har feil; ingenting er importert.", "Rett linjene i filen og prøv igjen."]
    assert "--skip-bad" not in r.stderr
    r = cli(demo_path, path, "--lang", "en")
    assert r.stderr.strip().splitlines()[-2:] == [
        "1 of 1 line has errors; nothing was imported.",
        "Correct the lines in the file and try again."]
    assert count(demo_path) == 0


@pytest.mark.parametrize(("name", "code", "words"), [
    ("does-not-exist.csv", 2, "Finner ikke filen"),
    ("empty.csv", 1, "er tom"),
    ("binary.csv", 1, "ser ikke ut som en CSV- eller Excel-fil"),
    ("header_only.csv", 1, "ingen linjer med svar"),
    (".", 1, "er en mappe"),
])
def test_cli_bad_files(demo_path: Path, name: str, code: int, words: str) -> None:
    before = sha(demo_path)
    r = cli(demo_path, name)
    assert r.returncode == code
    assert r.stdout == ""
    assert words in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sha(demo_path) == before


def test_cli_missing_choices_without_a_terminal(demo_path: Path) -> None:
    r = cli(demo_path, "forms.xlsx", seq="")
    assert r.returncode == 2
    assert "Oppgi --gathering" in r.stderr and "1, 2, 3, 4, 5, 6" in r.stderr
    r = run(["import-evaluations", str(DATA / "forms.xlsx"), "--db", str(demo_path),
             "--gathering", "5"])
    assert r.returncode == 2 and "Oppgi --network" in r.stderr
    r = cli(demo_path, "forms.xlsx", seq="9")
    assert r.returncode == 2 and "ingen samling nummer 9" in r.stderr
    r = run(["import-evaluations", str(DATA / "forms.xlsx"), "--db", str(demo_path),
             "--network", "Finnes ikke", "--gathering", "5"])
    assert r.returncode == 2 and "Fant ikke nettverket" in r.stderr
    r = cli(demo_path, "forms.xlsx", seq="fem")
    assert r.returncode == 2
    assert count(demo_path) == 0


def test_cli_missing_database(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    r = cli(db, "forms.xlsx")
    assert r.returncode == 2 and "Finner ikke databasen" in r.stderr
    assert not db.exists()


def test_cli_doubtful_mapping_needs_a_terminal_or_yes(demo_path: Path, tmp_path) -> None:
    path = write(tmp_path / "x.csv", "Forventninger;Relevante tema\nJa;5\nNei;4\n")
    r = cli(demo_path, path)
    assert r.returncode == 2
    assert "«Forventninger» passer ikke til noe spørsmål" in r.stderr
    assert "--yes" in r.stderr
    assert count(demo_path) == 0
    r = cli(demo_path, path, "--yes")
    assert r.returncode == 0, r.stderr
    assert "2 svar importert" in r.stdout
    # two columns for one question: --yes does not decide that
    path = write(tmp_path / "y.csv", "Relevante tema;Relevante tema\n5;4\n")
    r = cli(demo_path, path, "--yes")
    assert r.returncode == 2 and "terminal" in r.stderr
    assert count(demo_path) == 2


def test_cli_in_english(demo_path: Path) -> None:
    r = cli(demo_path, "bad_line.csv", "--dry-run", "--lang", "en")
    assert r.returncode == 1
    assert "line 4: error — “Relevante tema”: “fem” is not a valid answer (1–6)" in r.stdout
    assert "Dry run: nothing was saved." in r.stdout
    r = cli(demo_path, "empty.csv", FACILITATOR_LANG="en")
    assert r.returncode == 1 and "is empty" in r.stderr


def test_cli_does_not_import_textual(demo_path: Path) -> None:
    code = ("import sys; from facilitator.cli import main; "
            f"rc = main(['import-evaluations', {str(DATA / 'forms.xlsx')!r}, '--db', "
            f"{str(demo_path)!r}, '--network', {DEMO_NAME!r}, '--gathering', '5', "
            "'--dry-run']); print('textual' in sys.modules, rc)")
    r = subprocess.run([sys.executable, "-c", code], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=60)
    assert r.stdout.strip().splitlines()[-1] == "False 0", r.stderr


def test_cli_file_is_never_changed(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "forms.xlsx"
    shutil.copyfile(DATA / "forms.xlsx", copy)
    before = sha(copy)
    assert cli(demo_path, copy).returncode == 0
    assert sha(copy) == before


PROSE = "\n".join(
    f"Linje {n} av et referat: kommunene snakket om budsjett, tiltak og kvalitet i "
    "tjenestene, og om hva de skal gjøre før neste samling." for n in range(1, 50)) + "\n"


def test_a_file_whose_columns_match_no_question_is_refused(demo_store, demo_network,
                                                           tmp_path) -> None:
    g = gathering(demo_store, demo_network, 5)
    questions = imp.questions_for(demo_store, g.id)
    table = imp.read_table(write(tmp_path / "referat.txt", PROSE))
    with pytest.raises(imp.ImporterError) as caught:
        imp.require_matching_columns(table, questions)
    message = caught.value.message()
    assert "referat.txt: ingen kolonner passer til spørsmålene i samlingen" in message
    assert "«Svarte samlingen til forventningene?»" in message
    # a file with one matching column passes
    imp.require_matching_columns(imp.read_table(DATA / "bad_line.csv"), questions)


def test_cli_refuses_a_file_whose_columns_match_no_question(demo_path: Path,
                                                           tmp_path) -> None:
    path = write(tmp_path / "referat.txt", PROSE)
    for extra in ((), ("--yes",), ("--dry-run",)):
        r = cli(demo_path, path, *extra)
        assert r.returncode == 1, (extra, r.stderr)
        assert "ingen kolonner passer til spørsmålene" in r.stderr
        assert "linjer med svar" not in r.stdout
    assert count(demo_path) == 0


def test_prepare_reads_checks_maps_and_plans_in_one(demo_store, demo_network) -> None:
    """The one preparation the command line and the screen share: the same mapping and
    plan as the steps one by one, the doubts to confirm, and nothing written."""
    g = gathering(demo_store, demo_network, 5)
    before = len(demo_store.evaluations.list(g.id))
    prepared = imp.prepare(demo_store, g.id, DATA / "forms.xlsx")
    table = imp.read_table(DATA / "forms.xlsx")
    questions = imp.questions_for(demo_store, g.id)
    assert prepared.mapping == imp.propose_mapping(table.headers, questions)
    assert prepared.problems == imp.mapping_problems(table.headers, questions,
                                                     prepared.mapping)
    assert (prepared.reasons, prepared.acceptable) == imp.confirmation_reasons(
        table, prepared.guesses, prepared.mapping)
    assert prepared.plan is not None and prepared.plan_error is None
    expected = imp.plan_for(demo_store, g.id, table)
    assert [line.import_key for line in prepared.plan.lines] == [
        line.import_key for line in expected.lines]
    # the table read before (the command line reads it before opening the database)
    again = imp.prepare(demo_store, g.id, prepared.table)
    assert again.mapping == prepared.mapping
    assert len(demo_store.evaluations.list(g.id)) == before


def test_prepare_refuses_a_file_without_answers(demo_store, demo_network) -> None:
    g = gathering(demo_store, demo_network, 5)
    with pytest.raises(imp.ImporterError) as caught:
        imp.prepare(demo_store, g.id, DATA / "header_only.csv")
    assert caught.value.key == "imp.err.no_rows"
