"""XLSX and CSV from the demo: numbers equal the statistics, text stays inert."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import openpyxl
import pytest

from facilitator.cycle_build import build_summary
from facilitator.export import csv as csv_export
from facilitator.export import xlsx

HOSTILE = ['=HYPERLINK("http://x","y")', "+1 [bold]", "@SUM(A1)", "-2", "\tTab"]


@pytest.fixture
def summary(demo_store, demo_network):
    return build_summary(demo_store, demo_network.id, 3)


@pytest.fixture
def hostile_summary(demo_store, demo_network):
    by_seq = {g.seq: g for g in demo_store.gatherings.list(demo_network.id)}
    g2, g3 = by_seq[2], by_seq[3]
    meeting = next(m for m in demo_store.meetings.list(demo_network.id)
                   if g2.date < m.date <= g3.date)  # a meeting of cycle 3
    demo_store.meetings.update(meeting.id, summary=HOSTILE[0], decisions="æ" * 10_000)
    text_q = next(q for q in demo_store.questions.freeze(g3.id) if q.kind == "text")
    for value in HOSTILE[1:]:
        demo_store.evaluations.record(g3.id, {text_q.id: value})
    demo_store.networks.update(demo_network.id, name=HOSTILE[1])
    return build_summary(demo_store, demo_network.id, 3)


def _book(summary):
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(summary)))


def test_xlsx_numbers_are_the_statistics(summary) -> None:
    book = _book(summary)
    assert book.sheetnames[:3] == ["Oppsummering", "Evaluering", "Fordeling"]
    sheet = book["Evaluering"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    measured = [q for q in summary.questions if q.kind != "text"]
    assert len(rows) == len(measured)
    for row, q in zip(rows, measured, strict=True):
        assert row[1] == q.stats.n
        assert row[4] == (pytest.approx(q.stats.mean) if q.stats.mean is not None else None)
        assert row[8] == (pytest.approx(q.stats.share_yes) if q.stats.share_yes is not None
                          else None)
    assert sheet.freeze_panes == "A2"
    assert sheet["D2"].number_format == "0%"
    trend = book["Utvikling"]
    assert isinstance(trend["B2"].value, datetime)
    assert trend["B2"].number_format == "dd.mm.yyyy"
    assert trend._charts and book["Fordeling"]._charts


def _share_columns(sheet) -> list[int]:
    """Columns whose head names a share ("Andel …", "Svarprosent") or its interval."""
    heads = [c.value or "" for c in sheet[1]]
    return [i for i, h in enumerate(heads) if "Andel" in h or "Svarprosent" in h]


def test_xlsx_shares_and_their_intervals_are_percent(summary) -> None:
    book = _book(summary)
    sheet = book["Evaluering"]
    heads = [c.value for c in sheet[1]]
    assert heads[9:] == ["Snitt, 95 % intervall fra", "Snitt, 95 % intervall til",
                         "Andel ja, 95 % intervall fra", "Andel ja, 95 % intervall til"]
    yes_q = next(i for i, q in enumerate(x for x in summary.questions if x.kind != "text")
                 if q.kind == "yes_no")
    lo, hi = summary.questions[yes_q].stats.share_yes_ci
    row = yes_q + 2
    assert sheet.cell(row, 12).value == pytest.approx(lo)
    assert sheet.cell(row, 13).value == pytest.approx(hi)
    scale_row = next(i for i, q in enumerate(x for x in summary.questions if x.kind != "text")
                     if q.kind == "scale") + 2
    assert sheet.cell(scale_row, 10).number_format == "0.0"  # a mean's interval
    checked = 0
    for ws in book:  # every share column of every sheet: numbers there show as percent
        for col in _share_columns(ws):
            for (cell,) in ws.iter_rows(min_row=2, min_col=col + 1, max_col=col + 1):
                if isinstance(cell.value, float):
                    assert cell.number_format == "0%", (ws.title, cell.coordinate)
                    checked += 1
    assert checked >= 10
    rate = next(r for r in book["Oppsummering"].iter_rows() if r[0].value == "Svarprosent")
    assert rate[1].value == pytest.approx(summary.responses / summary.present)
    assert rate[1].number_format == "0%"


def test_sheet_and_csv_names_are_the_same_tables(summary) -> None:
    from facilitator.export.email import ascii_filename

    sheets = _book(summary).sheetnames
    files = sorted(csv_export.render(summary))
    assert sorted(f"{ascii_filename(name, 60)}.csv" for name in sheets) == files
    assert "Hjemmearbeid detaljer" in sheets and "hjemmearbeid-detaljer.csv" in files


def test_xlsx_suppressed_cells_show_the_word(demo_store, demo_network) -> None:
    """Cycle 4: three answers tagged with one municipality, so all is hidden; every member
    is a row, and the answers without a municipality."""
    summary = build_summary(demo_store, demo_network.id, 4)
    sheet = _book(summary)["Evaluering per kommune"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [*summary.municipalities, "ikke oppgitt"]
    values = [c for row in rows for c in row[1:]]
    assert values and set(values) == {"skjult"}


def test_xlsx_text_stays_text(hostile_summary) -> None:
    book = _book(hostile_summary)
    cells = [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]
    texts = {c.value for c in cells if c.data_type == "s"}
    for value in HOSTILE:
        assert value in texts
    assert not [c for c in cells if c.data_type == "f"]
    assert "æ" * 10_000 in texts


def test_csv_files(summary) -> None:
    files = csv_export.render(summary)
    assert "evaluering.csv" in files and "utvikling.csv" in files
    raw = files["evaluering.csv"]
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    measured = [q for q in summary.questions if q.kind == "scale"]
    means = [float(r[4].replace(",", ".")) for r in rows[1:] if r[4]]
    assert means == [pytest.approx(q.stats.mean, abs=1e-4) for q in measured]
    trend = list(csv.reader(io.StringIO(files["utvikling.csv"].decode("utf-8-sig")),
                            delimiter=";"))
    assert trend[1][1] == summary.trend[0].date.isoformat()


def test_csv_neutralises_formula_cells(hostile_summary) -> None:
    files = csv_export.render(hostile_summary)
    comments = files["kommentarer.csv"].decode("utf-8-sig")
    for value in HOSTILE[1:]:
        assert "'" + value in comments
    meetings = files["kommunemoter.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in meetings
    for name, data in files.items():
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)


# --------------------------------------------------------------------------- printing


def _sheets_xml(data: bytes) -> tuple[dict[str, Any], dict[str, str]]:
    """Each sheet's XML root (by name), and the workbook's print titles and areas
    (by "<kind>:<sheet index>")."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree as ET

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
    z = zipfile.ZipFile(io.BytesIO(data))
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("p:Relationship", ns)}
    sheets = {}
    for s in book.findall("m:sheets/m:sheet", ns):
        path = "xl/" + rels[s.get(f"{{{ns['r']}}}id")]
        root = ET.fromstring(z.read(path))
        root.set("_path", path)
        root.set("_drawing", "")
        drawing = root.find("m:drawing", ns)
        if drawing is not None:
            folder, name = posixpath.split(path)
            sheet_rels = ET.fromstring(z.read(f"{folder}/_rels/{name}.rels"))
            target = next(r.get("Target") for r in sheet_rels.findall("p:Relationship", ns)
                          if r.get("Id") == drawing.get(f"{{{ns['r']}}}id"))
            root.set("_drawing", z.read(posixpath.normpath(posixpath.join(folder, target)))
                     .decode())
        sheets[s.get("name")] = root
    names = {f"{d.get('name')}:{d.get('localSheetId')}": d.text or ""
             for d in book.findall("m:definedNames/m:definedName", ns)}
    return sheets, names


def _cells(ref: str) -> tuple[int, int]:
    """"$I$23" → (column 8, row 22), counted from 0."""
    import re

    letters, digits = re.fullmatch(r"\$?([A-Z]+)\$?(\d+)", ref).groups()
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return col - 1, int(digits) - 1


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_sheet_prints_on_a4_one_page_wide(demo_store, demo_network, lang: str) -> None:
    """Printed from Excel or LibreOffice: A4, landscape where the columns are wider
    than a portrait page, one page wide, the header row on every page, the sheet and
    the page number in the margins; a chart sheet on one page with its chart inside
    the print area (never cut)."""
    import re

    summary = build_summary(demo_store, demo_network.id, 3, language=lang)
    sheets, names = _sheets_xml(xlsx.render(summary))
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    page = "Side &P av &N" if lang == "nb" else "Page &P of &N"
    for index, (name, root) in enumerate(sheets.items()):
        setup = root.find(f"{ns}pageSetup")
        assert setup is not None and setup.get("paperSize") == "9", name
        assert root.find(f"{ns}sheetPr/{ns}pageSetUpPr").get("fitToPage") == "1", name
        assert setup.get("fitToWidth", "1") == "1", name
        widths = sum(float(c.get("width")) * (int(c.get("max")) - int(c.get("min")) + 1)
                     for c in root.findall(f"{ns}cols/{ns}col"))
        expected = "landscape" if widths > xlsx.PORTRAIT_WIDTH else "portrait"
        assert setup.get("orientation") == expected, (name, widths)
        assert names[f"_xlnm.Print_Titles:{index}"].endswith("!$1:$1"), name
        header = root.find(f"{ns}headerFooter/{ns}oddHeader").text
        footer = root.find(f"{ns}headerFooter/{ns}oddFooter").text
        assert header.startswith("&L&B" + name.replace("&", "&&")) and "&R" in header
        assert footer == "&C" + page
        drawing = root.get("_drawing")
        if drawing:  # the chart: the whole sheet on one page, the chart in its area
            assert setup.get("fitToHeight", "1") == "1", name
            area = names[f"_xlnm.Print_Area:{index}"].split("!")[1]
            last_col, last_row = _cells(area.split(":")[1])
            to = re.search(r"<xdr:to><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>",
                           drawing)
            assert int(to.group(1)) <= last_col and int(to.group(2)) <= last_row, name
        else:
            assert setup.get("fitToHeight") == "0", name  # as many pages tall as it takes
            assert root.find(f"{ns}printOptions").get("gridLines") == "1", name


def test_wrapped_text_rows_are_as_tall_as_their_lines(demo_store, demo_network) -> None:
    """LibreOffice keeps a row at one line unless told: the text of a long meeting
    summary would be drawn over the next row."""
    g = {x.seq: x for x in demo_store.gatherings.list(demo_network.id)}
    meeting = next(m for m in demo_store.meetings.list(demo_network.id)
                   if g[2].date < m.date <= g[3].date)
    demo_store.meetings.update(meeting.id, summary="Lang oppsummering av møtet. " * 12)
    book = _book(build_summary(demo_store, demo_network.id, 3))
    sheet = book["Kommunemøter"]
    col = next(c.column_letter for c in sheet[1] if c.value == "Oppsummering")
    row = next(c.row for c in sheet[col] if str(c.value).startswith("Lang oppsummering"))
    height = sheet.row_dimensions[row].height
    # at least the lines it takes in the widest column there is (60 characters)
    assert height is not None and height % 15 == 0
    assert height >= 15 * -(-len(sheet[f"{col}{row}"].value) // 60) > 15
