"""Reading an XLSX workbook's first sheet with content, streaming and bounded.

Not openpyxl: its reader allocates by the sheet's declared dimension and by the
coordinates of the cells it meets, so one stray value at XFD1048576 cost gigabytes.
Here each part is read from the zip in chunks and fed to expat, and only cells with
a value are kept: a far-away cell costs what any cell costs, and one beyond
`MAX_COLUMNS` stops the reading at once, naming the cell. The size each part declares
is checked before it is opened and the bytes unpacked while it is read (a zip bomb
stops before it is unpacked); a DTD or an entity declaration is refused (no
well-formed workbook has one).

The workbook's parts are found through its relationships (as Excel, LibreOffice and
Forms write them); a zip that is not a workbook (.docx, .ods) is refused as such. The
cells become text in `facilitator.xlsx_cells`.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from xml.parsers import expat

from facilitator.tablefile import (
    CHUNK,
    MAX_MEMBERS,
    MAX_PART_BYTES,
    MAX_STRINGS,
    MAX_UNPACKED_BYTES,
    Amount,
    ImporterError,
    Megabytes,
    Table,
    shape,
)
from facilitator.xlsx_cells import (
    BUILTIN_DATES,
    Damaged,
    Sheet,
    TextRuns,
    is_date_format,
    local_name,
)

_REL_OFFICE = "/officeDocument"
_REL_WORKSHEET = "/worksheet"
_REL_STRINGS = "/sharedStrings"
_REL_STYLES = "/styles"


def read_workbook(path: Path) -> Table:
    """The first sheet (in the workbook's order) that has content, as a `Table`."""
    try:
        members = _member_count(path)
        if members > MAX_MEMBERS:
            raise ImporterError("imp.err.xlsx_members", path=path, count=Amount(members),
                                limit=Amount(MAX_MEMBERS))
        with zipfile.ZipFile(path) as archive:
            return _Workbook(path, archive).first_table()
    except ImporterError:
        raise
    except (Damaged, zipfile.BadZipFile, zipfile.LargeZipFile, expat.ExpatError, EOFError,
            ValueError, KeyError, NotImplementedError, RuntimeError, OSError) as exc:
        detail = str(exc) if isinstance(exc, Damaged) else f"{type(exc).__name__}: {exc}"
        raise ImporterError("imp.err.xlsx_damaged", path=path, detail=detail[:160]) from exc


def _member_count(path: Path) -> int:
    """The number of members the zip's end record declares, read before zipfile loads
    the whole central directory (a 20 MB zip can list hundreds of thousands)."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 65536 - 22))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise Damaged("no end of central directory")
    count = struct.unpack_from("<H", tail, at + 10)[0]
    locator = tail.rfind(b"PK\x06\x07", 0, at)
    if locator >= 0:  # zip64: the record before the locator has the real count
        record = tail.rfind(b"PK\x06\x06", 0, locator)
        if record >= 0 and record + 40 <= len(tail):
            count = max(count, struct.unpack_from("<Q", tail, record + 32)[0])
    return int(count)


class _Workbook:
    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.infos = {info.filename.lower(): info for info in archive.infolist()}
        self.unpacked = 0

    # ---------------------------------------------------------------- parts

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        return self.infos.get(name.lstrip("/").lower())

    def _chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The part's bytes, a chunk at a time, within the caps: the declared size is
        checked before the part is opened, the bytes as they are unpacked."""
        if info.file_size > MAX_PART_BYTES:
            raise self._part_too_large(info.filename, info.file_size)
        if self.unpacked + info.file_size > MAX_UNPACKED_BYTES:
            raise self._unpacked_too_large()
        read = 0
        with self.archive.open(info) as member:
            while chunk := member.read(CHUNK):
                read += len(chunk)
                self.unpacked += len(chunk)
                if read > MAX_PART_BYTES:
                    raise self._part_too_large(info.filename, read)
                if self.unpacked > MAX_UNPACKED_BYTES:
                    raise self._unpacked_too_large()
                yield chunk

    def _part_too_large(self, part: str, size: int) -> ImporterError:
        return ImporterError("imp.err.part_too_large", path=self.path, part=part,
                             size=Megabytes(size), limit=Megabytes(MAX_PART_BYTES))

    def _unpacked_too_large(self) -> ImporterError:
        return ImporterError("imp.err.unpacked_too_large", path=self.path,
                             limit=Megabytes(MAX_UNPACKED_BYTES))

    def _parse(self, name: str, start: Callable[[str, dict[str, str]], None],
               end: Callable[[str], None] | None = None,
               text: Callable[[str], None] | None = None, *, required: bool = True) -> bool:
        """Feed the part `name` to expat with these handlers; False if it is absent."""
        info = self._info(name)
        if info is None:
            if required:
                raise Damaged(f"{name} is missing")
            return False
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = _refuse_dtd
        parser.EntityDeclHandler = _refuse_dtd
        for chunk in self._chunks(info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
        return True

    def _relations(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the relationships of `part`."""
        folder, name = posixpath.split(part)
        rels: list[tuple[str, str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            if local_name(tag) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                resolved = (target.lstrip("/") if target.startswith("/")
                            else posixpath.normpath(posixpath.join(folder, target)))
                rels.append((attrs.get("Id", ""), attrs.get("Type", ""), resolved))

        self._parse(posixpath.join(folder, "_rels", name + ".rels"), start, required=False)
        return rels

    # ---------------------------------------------------------------- the workbook

    def first_table(self) -> Table:
        main = next((target for _id, kind, target in self._relations("")
                     if kind.endswith(_REL_OFFICE)), "xl/workbook.xml")
        if self._info(main) is None:
            raise ImporterError("imp.err.not_xlsx", path=self.path)
        sheets: list[tuple[str, str]] = []
        date1904 = [False]
        root: list[str] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if not root:  # a .docx or .pptx has an office document too
                root.append(local)
                if local != "workbook":
                    raise ImporterError("imp.err.not_xlsx", path=self.path)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if " " in k and local_name(k) == "id"), "")
                sheets.append((attrs.get("name", ""), rid))
            elif local == "workbookPr":
                date1904[0] = attrs.get("date1904", "").lower() in ("1", "true")

        self._parse(main, start)
        rels = self._relations(main)
        targets = {rid: target for rid, kind, target in rels if kind.endswith(_REL_WORKSHEET)}
        folder = posixpath.dirname(main)

        def related(suffix: str, default: str) -> str:
            return next((target for _id, kind, target in rels if kind.endswith(suffix)),
                        posixpath.join(folder, default))

        strings: list[str] | None = None
        styles: set[int] | None = None
        for title, rid in sheets:
            target = targets.get(rid)
            if target is None:
                continue  # a chart sheet, or a dangling id
            if strings is None:
                strings = self._strings(related(_REL_STRINGS, "sharedStrings.xml"))
                styles = self._date_styles(related(_REL_STYLES, "styles.xml"))
            sheet = Sheet(self.path, strings, styles or set(), date1904[0])
            self._parse(target, sheet.start, sheet.end, sheet.text)
            records, merged_across = sheet.records()
            if records:
                sheet.budget.check(self.path, records, merged_across)
                return shape(self.path, records, merged_across, fmt="xlsx", sheet=title)
        raise ImporterError("imp.err.empty", path=self.path)

    def _strings(self, part: str) -> list[str]:
        """The shared strings, in order (bounded by `MAX_STRINGS`)."""
        strings: list[str] = []
        state = TextRuns()

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if local == "si":
                state.begin()
            else:
                state.start(local)

        def end(tag: str) -> None:
            local = local_name(tag)
            if local == "si":
                if len(strings) >= MAX_STRINGS:
                    raise ImporterError("imp.err.too_many_strings", path=self.path,
                                        limit=Amount(MAX_STRINGS))
                strings.append(state.value())
            else:
                state.end(local)

        self._parse(part, start, end, state.text, required=False)
        return strings

    def _date_styles(self, part: str) -> set[int]:
        """Indexes of the cell formats (cellXfs) whose number format is a date or time."""
        formats: dict[int, str] = {}
        date_ids = set(BUILTIN_DATES)
        xfs: list[int] = []
        where = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = local_name(tag)
            if local == "numFmt":
                try:
                    formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
                except ValueError:
                    pass
            elif local == "cellXfs":
                where["cellXfs"] = True
            elif local == "xf" and where["cellXfs"]:
                try:
                    xfs.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    xfs.append(0)

        def end(tag: str) -> None:
            if local_name(tag) == "cellXfs":
                where["cellXfs"] = False

        self._parse(part, start, end, required=False)
        date_ids.update(i for i, code in formats.items() if is_date_format(code))
        date_ids.difference_update(i for i, code in formats.items()
                                   if not is_date_format(code))
        return {index for index, fmt in enumerate(xfs) if fmt in date_ids}


def _refuse_dtd(*_args: Any) -> None:
    raise Damaged("a DTD or entity declaration")
