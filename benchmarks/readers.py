"""Benchmarks of what readers of the summary and the importer meet (used by run.py).

- `import_dry_run`: a dry run (read + plan) of a 10,000-line Forms export, as XLSX
  (the way Excel writes one: shared strings, date cells) and as the CSV Excel saves
  from it, each in a fresh child process: its time and peak memory.
- `html_screenshots`: the HTML summary as a mail reading pane shows it, 600 and 900 px
  wide, with the system's headless Chromium (skipped, with a note, where there is none).
- `printed_pages`: the XLSX printed on A4 by LibreOffice (pages of its PDF).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

PY = sys.executable
HEADERS = ["ID", "Start time", "Completion time", "Email", "Name",
           "Svarte samlingen til forventningene?", "Relevante tema", "Ny kunnskap",
           "Hva bør vi gjøre annerledes?", "Hvilken kommune kommer du fra?", "Rolle"]
LABELS = ["1 - Helt uenig", "2 - Uenig", "3 - Litt uenig", "4 - Litt enig", "5 - Enig",
          "6 - Helt enig"]
PLACES = ["Bø", "Hadsel", "Øksnes", "Andøy", "1866", "Målselv", "5622"]
ROLES = ["Ordfører", "Rådmann", "Tillitsvalgt", "Stab", "Økonomisjef", "Verneombud"]


def _answers(lines: int, start: datetime) -> list[list[object]]:
    rows = []
    for n in range(1, lines + 1):
        began = start + timedelta(minutes=n % 600, seconds=n % 60)
        rows.append([n, began, began + timedelta(minutes=3), f"person{n}@example.no",
                     f"Person {n}", "Ja" if n % 4 else "Nei", LABELS[n % 6], LABELS[(n + 2) % 6],
                     "" if n % 3 else f"Kommentar nummer {n}: mer tid til gruppearbeid",
                     PLACES[n % len(PLACES)], ROLES[n % len(ROLES)]])
    return rows


def forms_files(folder: Path, lines: int, start: datetime) -> dict[str, Path]:
    """A Forms export of `lines` answers as XLSX (XlsxWriter, like Excel) and as the
    CSV Excel saves from it in bokmål (semicolons, dd.mm.yyyy hh:mm)."""
    import xlsxwriter

    rows = _answers(lines, start)
    xlsx = folder / f"forms-{lines}.xlsx"
    book = xlsxwriter.Workbook(xlsx)
    sheet = book.add_worksheet("Sheet1")
    when = book.add_format({"num_format": "m/d/yy h:mm:ss"})
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, when)
            else:
                sheet.write(r, c, value)
    book.close()
    csv = folder / f"forms-{lines}.csv"
    with open(csv, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(";".join(HEADERS) + "\r\n")
        for row in rows:
            fh.write(";".join(f"{v:%d.%m.%Y %H:%M}" if isinstance(v, datetime) else str(v)
                              for v in row) + "\r\n")
    return {"xlsx": xlsx, "csv": csv}


DRY_RUN = r"""
import sys, time
from facilitator import importers as imp
from facilitator.store import Store

with Store(sys.argv[1], auto_backup=False) as store:
    net = store.networks.list()[0]
    gathering = next(g for g in store.gatherings.list(net.id) if g.seq == 5)
    t0 = time.perf_counter()
    table = imp.read_table(sys.argv[2])
    plan = imp.plan_for(store, gathering.id, table)
    took = time.perf_counter() - t0
assert len(plan.ok) == int(sys.argv[3]), (len(plan.ok), plan.lines[:3])
print(took)
"""


def _child(args: list[str]) -> tuple[float, int]:
    """(what the child printed, as seconds; its own peak resident memory in MB)."""
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen([PY, "-c", DRY_RUN, *args], stdout=out,
                                 stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode().strip()
    if child.returncode:
        raise RuntimeError(f"the dry run failed: {text}")
    return float(text.splitlines()[-1]), usage.ru_maxrss // 1024


def import_dry_run(db: Path, work: Path, lines: int = 10_000, runs: int = 3
                   ) -> dict[str, tuple[float, int]]:
    """Median seconds and the largest peak MB of the dry run, per format."""
    from facilitator.store import Store

    with Store(db, auto_backup=False) as store:
        net = store.networks.list()[0]
        gathering = next(g for g in store.gatherings.list(net.id) if g.seq == 5)
    start = datetime.combine(gathering.date, datetime.min.time()).replace(hour=15)
    files = forms_files(work, lines, start)
    result = {}
    for fmt, path in files.items():
        measured = [_child([str(db), str(path), str(lines)]) for _ in range(runs)]
        result[fmt] = (statistics.median(t for t, _m in measured),
                       max(m for _t, m in measured))
    return result


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser",
                                               "google-chrome")) if p), None)


def html_screenshots(pages: dict[str, Path], out: Path) -> list[Path] | None:
    """PNGs of each HTML page at 600 and 900 px wide (tall enough for the whole page);
    None where there is no Chromium."""
    browser = chromium()
    if browser is None:
        return None
    shots = []
    for name, page in pages.items():
        for width in (600, 900):
            png = out / f"{name}-{width}px.png"
            subprocess.run([browser, *CHROMIUM_FLAGS, f"--screenshot={png}",
                            f"--window-size={width},{4200 if width == 600 else 3600}",
                            page.resolve().as_uri()], capture_output=True, timeout=120,
                           stdin=subprocess.DEVNULL, check=False)
            if png.exists():
                shots.append(png)
    return shots


MEASURE = """<html><body style="margin:0"><iframe id="f" src="{src}" style="border:0;
width:{width}px;height:4000px"></iframe><script>
document.getElementById("f").onload = function () {{
  var d = this.contentDocument, widest = 0, tables = d.querySelectorAll("table");
  for (var i = 0; i < tables.length; i++) {{
    widest = Math.max(widest, tables[i].getBoundingClientRect().width); }}
  var p = document.createElement("pre"); p.id = "widths";
  p.textContent = d.documentElement.clientWidth + " " + d.documentElement.scrollWidth
                  + " " + Math.round(widest);
  document.body.appendChild(p); }};
</script></body></html>"""


def html_widths(page: Path, width: int, work: Path) -> tuple[int, int, int] | None:
    """(the pane's width less its scrollbar, the page's width, its widest table) in px,
    as Chromium lays the page out in a pane `width` px wide; None without Chromium.
    The page fits when its width is not more than the pane's."""
    browser = chromium()
    if browser is None:
        return None
    probe = work / f"measure-{page.stem}-{width}.html"
    probe.write_text(MEASURE.format(src=page.resolve().as_uri(), width=width), "utf-8")
    result = subprocess.run([browser, *CHROMIUM_FLAGS, "--allow-file-access-from-files",
                             "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                            capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL, check=False)
    found = re.search(r'<pre id="widths">(\d+) (\d+) (\d+)</pre>', result.stdout)
    return tuple(int(x) for x in found.groups()) if found else None  # type: ignore[return-value]


def printed_pages(xlsx: Path, work: Path) -> int | None:
    """Pages of the workbook printed on A4 by LibreOffice; None without soffice."""
    soffice, pdfinfo = shutil.which("soffice"), shutil.which("pdfinfo")
    if soffice is None or pdfinfo is None:
        return None
    profile = (work / "lo-profile").resolve().as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(xlsx)],
                   capture_output=True, timeout=300, stdin=subprocess.DEVNULL, check=False)
    pdf = work / (xlsx.stem + ".pdf")
    if not pdf.exists():
        return None
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60)
    return next((int(line.split()[1]) for line in info.stdout.splitlines()
                 if line.startswith("Pages:")), None)


def summary_files(demo: Path, large: Path, large_id: str, out: Path) -> dict[str, Path]:
    """The demo's cycle 3 (as exports/ holds it) and the large network's cycle 12 as
    HTML, and the demo's as XLSX, written to `out`."""
    from facilitator.cycle_build import build_summary
    from facilitator.export import html, outline, xlsx
    from facilitator.store import Store

    files = {}
    for name, db, network, cycle in (("demo", demo, None, 3), ("large", large, large_id, 12)):
        with Store(db, auto_backup=False) as store:
            nid = network or store.networks.list()[0].id
            summary = build_summary(store, nid, cycle)
        files[f"{name}-html"] = out / f"summary-{name}.html"
        files[f"{name}-html"].write_text(html.render(outline.build(summary)), encoding="utf-8")
        if name == "demo":
            files["demo-xlsx"] = out / "summary-demo.xlsx"
            files["demo-xlsx"].write_bytes(xlsx.render(summary))
    return files


def rows(demo: Path, large: Path, large_id: str, work: Path) -> list[tuple[str, str, str, str]]:
    """The table rows of these benchmarks; the screenshots stay in a folder of their
    own (named in the table) to be looked at."""
    out: list[tuple[str, str, str, str]] = []
    dry = import_dry_run(demo, work)
    out.append(("import dry run, 10,000 lines (read + plan)",
                f"xlsx {dry['xlsx'][0]:.2f} s, csv {dry['csv'][0]:.2f} s",
                f"peak {dry['xlsx'][1]} MB / {dry['csv'][1]} MB",
                "goal ≤ 2 s, ≤ 300 MB (child process)"))
    shots_dir = Path(tempfile.mkdtemp(prefix="facilitator-bench-html-"))
    files = summary_files(demo, large, large_id, shots_dir)
    shots = html_screenshots({"demo": files["demo-html"], "large": files["large-html"]},
                             shots_dir)
    if shots is None:
        out.append(("HTML summary in a mail pane (Chromium)", "skipped", "no chromium", ""))
    else:
        out.append(("HTML summary in a mail pane (Chromium)", "600 and 900 px",
                    f"{len(shots)} screenshots, look at them", str(shots_dir)))
        fits = []
        for name in ("demo", "large"):
            measured = html_widths(files[f"{name}-html"], 600, work)
            if measured is not None:
                pane, page, widest = measured
                fits.append(f"{name}: page {page} px in {pane} px"
                            + ("" if page <= pane else " (too wide)"))
        if fits:
            out.append(("  laid out in a 600 px pane", fits[0], fits[-1],
                        "fits when the page is no wider than the pane (less its scrollbar)"))
    pages = printed_pages(files["demo-xlsx"], work)
    out.append(("XLSX printed on A4 (LibreOffice)",
                "skipped" if pages is None else f"{pages} pages",
                "no soffice/pdfinfo" if pages is None else "demo cycle 3, 12 sheets",
                "" if pages is None else "one page wide each, charts whole"))
    return out
