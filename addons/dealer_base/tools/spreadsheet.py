"""Read an uploaded table (XLSX or CSV) within fixed bounds: the one reader of the suite's imports.

Pure Python (standard library only, no ORM), so that every upload of the suite (quick orders,
sell-out and stock reports...) is read the same way and within the same limits:

- the upload's size is checked before anything is parsed (``max_bytes``);
- an XLSX workbook is a zip: its parts are counted, their uncompressed sizes summed and their
  compression ratios checked *before* anything is decompressed (zip bombs), and every part is
  read as a stream whose size is counted again;
- the worksheet's XML is parsed as a stream (expat) and never trusted: its ``<dimension>`` is
  ignored, empty rows and cells are never materialized, reading stops at the first value beyond
  ``max_rows`` / ``max_cols`` (the file is refused, never silently cut), DTDs and entities are
  refused;
- a CSV file's encoding is detected (UTF-8, UTF-8 with BOM, UTF-16 with BOM, GB18030 which
  includes GBK: Chinese Excel's "CSV") and its delimiter (comma, semicolon, tab); binary data is
  refused.

Every problem raises :class:`SpreadsheetError`, whose ``code`` and ``params`` say what is wrong;
``error.translated(env)`` is the user's message in the user's language (the Odoo side raises it
as a ``UserError``).
"""
import codecs
import csv
import datetime
import io
import math
import posixpath
import re
import zipfile
import zlib
from decimal import Decimal, InvalidOperation
from xml.parsers import expat

from .messages import CodedError, _lt

MB = 1024 * 1024

DEFAULT_MAX_BYTES = 5 * MB
DEFAULT_MAX_ROWS = 2000
DEFAULT_MAX_COLS = 50
# XLSX containers: an Excel workbook has a few dozen parts, compressed 3 to 20 times
MAX_ZIP_MEMBERS = 1000
MAX_UNZIPPED_BYTES = 100 * MB
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_FROM = MB  # small parts may compress well, they cannot hurt
MAX_CELL_CHARS = 32767  # Excel's own limit
# XML elements parsed per part: a fixed allowance plus a few per cell within the limits (a cell
# is 2 to 5 elements); bounds the time spent on formatted empty rows and cells, huge style or
# shared string tables, whatever the part's size
XML_ELEMENTS_ALLOWANCE = 20_000
XML_ELEMENTS_PER_CELL = 4
CHUNK = 64 * 1024

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
TEXT_EXTENSIONS = (".csv", ".txt")
DELIMITERS = ",;\t"



MESSAGES = {
    "unsupported": _lt("Upload a CSV or an Excel (.xlsx) file."),
    "too_large": _lt("The file is larger than %(max)s MB: split it into smaller files."),
    "too_many_rows": _lt("The file has more than %(max)s rows: split it into files of at most %(max)s rows."),
    "too_many_cols": _lt("The file has more than %(max)s columns: keep only the columns to import."),
    "empty": _lt("The file is empty."),
    "old_excel": _lt(
        "This is an Excel 97-2003 (.xls) or a password-protected workbook, which cannot be read: "
        "open it in Excel and save it as an Excel workbook (.xlsx) without password, or as CSV."
    ),
    "broken_xlsx": _lt(
        "The file could not be read as an Excel workbook: it is damaged or not in the .xlsx format. "
        "Open it in Excel and save it again as an Excel workbook (.xlsx)."
    ),
    "no_sheet": _lt("The Excel workbook has no worksheet."),
    "zip_members": _lt(
        "The Excel workbook has too many parts (more than %(max)s): copy the sheet to import into a new workbook."
    ),
    "zip_size": _lt(
        "The Excel workbook is larger than %(max)s MB once uncompressed: copy the sheet to import into a "
        "new workbook, or save it as CSV."
    ),
    "too_complex": _lt(
        "The Excel workbook has too many cells, formatted empty rows or styles to be read for %(rows)s rows "
        "and %(cols)s columns: copy the rows to import into a new workbook, or save the sheet as CSV."
    ),
    "zip_ratio": _lt(
        "The Excel workbook contains a part compressed more than %(max)s times, which Excel never writes: "
        "the file was refused. Copy the sheet to import into a new workbook."
    ),
    "binary": _lt(
        "The file could not be read as CSV: it contains binary data. Upload an Excel workbook (.xlsx), "
        "or save the sheet from Excel as \"CSV UTF-8 (comma delimited)\"."
    ),
    "encoding": _lt(
        "The file could not be read as CSV: its encoding is not UTF-8, UTF-16 or GBK/GB18030. "
        "Save the sheet from Excel as \"CSV UTF-8 (comma delimited)\" and upload it again."
    ),
    "broken_csv": _lt(
        "The file could not be read as CSV (line %(line)s): check the quotes of that line, or save the sheet "
        "from Excel as \"CSV UTF-8 (comma delimited)\" and upload it again."
    ),
}


class SpreadsheetError(CodedError):
    """An uploaded table that cannot be read, or not within the limits.

    :ivar code: a key of :data:`MESSAGES` (``too_large``, ``too_many_rows``, ``zip_ratio``...)
    :ivar params: the message's parameters (e.g. ``max``)
    """

    MESSAGES = MESSAGES


def read_table(content, filename, max_rows=DEFAULT_MAX_ROWS, max_cols=DEFAULT_MAX_COLS,
               max_bytes=DEFAULT_MAX_BYTES, header_rows=1):
    """The cells of the first worksheet of an XLSX file, or of a CSV/TXT file, as text.

    :param bytes content: the uploaded file
    :param str filename: its name (``.xlsx``, ``.xlsm``, ``.csv`` or ``.txt``); the content decides
        between XLSX and CSV when they disagree (an Excel workbook named ``.csv`` is read as such)
    :param int max_rows: the most rows of data, not counting the ``header_rows`` first ones
    :param int max_cols: the most columns
    :param int max_bytes: the most bytes of the file
    :return: one list of stripped strings per row, row *n* of the sheet at index *n - 1* (empty
        rows in between are empty lists, trailing empty rows and cells are left out); numbers as
        written (``10.0`` → ``"10"``), dates in ISO format (``2026-12-01``, ``2026-12-01 08:30:00``)
    :raise SpreadsheetError: the file cannot be read, or exceeds a limit (it is refused whole)
    """
    if len(content) > max_bytes:
        raise SpreadsheetError("too_large", max=_megabytes(max_bytes))
    if content.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .xls, or an encrypted .xlsx
        raise SpreadsheetError("old_excel")
    name = (filename or "").lower()
    if not name.endswith(XLSX_EXTENSIONS + TEXT_EXTENSIONS):
        raise SpreadsheetError("unsupported")
    limits = _Limits(max_rows, max_cols, header_rows)
    if content.startswith(b"PK\x03\x04") or name.endswith(XLSX_EXTENSIONS):
        rows = _read_xlsx(content, limits)
    else:
        rows = _read_csv(content, limits)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise SpreadsheetError("empty")
    return rows


class _Limits:
    """Where values may be: rows 1 to ``max_rows + header_rows``, columns 1 to ``max_cols``."""

    def __init__(self, max_rows, max_cols, header_rows):
        self.max_rows = max_rows
        self.last_row = max_rows + header_rows
        self.max_cols = max_cols

    def check(self, row, col):
        """Refuse a value in row ``row``, column ``col`` (1-based) beyond the limits."""
        if row > self.last_row:
            raise SpreadsheetError("too_many_rows", max=self.max_rows)
        if col > self.max_cols:
            raise SpreadsheetError("too_many_cols", max=self.max_cols)


def _megabytes(size):
    return f"{size / MB:g}"


# ----------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------
def _decode(content):
    """The text of a CSV file: BOMs first, then UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if content.startswith(bom):
            try:
                return content[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise SpreadsheetError("encoding") from None
    if b"\x00" in content:
        raise SpreadsheetError("binary")
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError("encoding")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _delimiter(text):
    """Comma, semicolon or tab: csv.Sniffer on the first lines, else the most frequent in the header."""
    lines = [line for line in text[:16384].splitlines()[:20] if line.strip()]
    if not lines:
        return ","
    try:
        delimiter = csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = None  # no consistent delimiter in the sample: the header decides
    if delimiter and delimiter in DELIMITERS:
        return delimiter
    counts = {delimiter: lines[0].count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(content, limits):
    text = _decode(content).rstrip("\x1a")  # DOS end-of-file mark
    if _CONTROL.search(text):
        raise SpreadsheetError("binary")
    delimiter = _delimiter(text)
    most = 10 * limits.max_cols + 100  # delimiters per line, quoted ones included

    def lines():
        for line in io.StringIO(text, newline=""):
            if line.count(delimiter) > most:  # before csv splits it into that many cells
                raise SpreadsheetError("too_many_cols", max=limits.max_cols)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            cells = [cell.strip() for cell in row]
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):  # whatever csv.field_size_limit() is
                raise csv.Error("field larger than %s characters" % MAX_CELL_CHARS)
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                limits.check(number, len(cells))
            rows.append(cells)
    except csv.Error:
        raise SpreadsheetError("broken_csv", line=reader.line_num) from None
    return rows


# ----------------------------------------------------------------------
# XLSX
# ----------------------------------------------------------------------
# number formats of Excel that show dates or times (those of the CJK locales included)
BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d*)")


class _Stop(Exception):
    """Raised by a handler when the rest of an XML part is not needed."""


def _read_xlsx(content, limits):
    book = _Workbook(content, limits)
    sheet = _SheetHandler(limits, book.date_styles(), book.date1904)
    book.parse(book.sheet, sheet)
    strings = book.shared_strings(sheet.shared_needed())
    rows = []
    for number in sorted(sheet.rows):
        cells = sheet.rows[number]
        row = [""] * max(cells)
        for col, value in cells.items():
            row[col - 1] = strings[value] if isinstance(value, int) else value
        while row and not row[-1]:
            row.pop()
        rows.extend([] for _gap in range(number - len(rows) - 1))
        rows.append(row)
    return rows


class _Workbook:
    """The parts of an XLSX zip that the first worksheet needs, read within the zip limits."""

    def __init__(self, content, limits):
        self.limits = limits
        self.max_elements = XML_ELEMENTS_ALLOWANCE + XML_ELEMENTS_PER_CELL * limits.last_row * limits.max_cols
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(content))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise SpreadsheetError("broken_xlsx") from None
        # everything below is decided on the zip's directory, before any decompression
        if len(infos) > MAX_ZIP_MEMBERS:
            raise SpreadsheetError("zip_members", max=MAX_ZIP_MEMBERS)
        if sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
            raise SpreadsheetError("zip_size", max=_megabytes(MAX_UNZIPPED_BYTES))
        for info in infos:
            if info.file_size > RATIO_CHECK_FROM and info.file_size > MAX_COMPRESSION_RATIO * info.compress_size:
                raise SpreadsheetError("zip_ratio", max=MAX_COMPRESSION_RATIO)
        # and the parts are counted again while they are read (the directory may lie)
        self.budget = MAX_UNZIPPED_BYTES
        self.date1904 = False
        workbook = self._relationships("", "_rels/.rels").get("officeDocument", [None])[0] or "xl/workbook.xml"
        sheets = []

        def workbook_start(name, attrs):
            if name == "sheet":
                sheets.append(attrs.get("id"))
            elif name == "workbookPr":
                self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        def workbook_end(name):
            if name == "sheets":
                raise _Stop

        self.parse(workbook, _Handler(start=workbook_start, end=workbook_end))
        directory, base = posixpath.split(workbook)
        relations = self._relationships(directory, posixpath.join(directory, "_rels", base + ".rels"), by_id=True)
        worksheets = [relations[rel_id][1] for rel_id in sheets
                      if rel_id in relations and relations[rel_id][0] == "worksheet"]
        if not worksheets:
            raise SpreadsheetError("no_sheet")
        self.sheet = worksheets[0]
        targets = {kind: target for kind, target in relations.values()}
        self.styles = targets.get("styles")
        self.strings = targets.get("sharedStrings")

    def _relationships(self, directory, part, by_id=False):
        """``{type: [target]}`` (or ``{id: (type, target)}``) of a ``.rels`` part; targets as zip names."""
        found = {}
        if part not in self.zip.NameToInfo:
            return found

        def start(name, attrs):
            if name == "Relationship" and attrs.get("Target"):
                kind = attrs.get("Type", "").rsplit("/", 1)[-1]
                target = attrs["Target"]
                target = target.lstrip("/") if target.startswith("/") else posixpath.join(directory, target)
                target = posixpath.normpath(target)
                if by_id:
                    found[attrs.get("Id")] = (kind, target)
                else:
                    found.setdefault(kind, []).append(target)

        self.parse(part, _Handler(start=start))
        return found

    def parse(self, part, handler):
        """Stream the XML ``part`` through ``handler`` (element and attribute names without namespace),
        at most :attr:`max_elements` elements."""
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        elements = [self.max_elements]

        def start(name, attrs):
            elements[0] -= 1
            if elements[0] < 0:
                raise SpreadsheetError("too_complex", rows=self.limits.max_rows, cols=self.limits.max_cols)
            handler.start(name.rsplit(" ", 1)[-1], {key.rsplit(" ", 1)[-1]: value for key, value in attrs.items()})

        def refuse(*_args):  # no DTD, no entity in an OOXML part (billion laughs, external entities)
            raise SpreadsheetError("broken_xlsx")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.StartElementHandler = start
        parser.EndElementHandler = lambda name: handler.end(name.rsplit(" ", 1)[-1])
        parser.CharacterDataHandler = handler.data
        try:
            with self.zip.open(part) as stream:
                while chunk := stream.read(CHUNK):
                    self.budget -= len(chunk)
                    if self.budget < 0:
                        raise SpreadsheetError("zip_size", max=_megabytes(MAX_UNZIPPED_BYTES))
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Stop:
            return  # the handler has what it needs
        except SpreadsheetError:
            raise
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError,
                RuntimeError, NotImplementedError):
            # damaged XML or zip, a missing part, an encrypted or unknown compression method
            raise SpreadsheetError("broken_xlsx") from None

    def date_styles(self):
        """The indexes of the cell styles that show numbers as dates or times."""
        if not self.styles:
            return set()
        formats, styles, section = {}, [], []

        def start(name, attrs):
            if name == "numFmt" and attrs.get("numFmtId", "").isdigit():
                formats[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
            elif name == "cellXfs":
                section.append(name)
            elif name == "xf" and section:
                styles.append(int(attrs["numFmtId"]) if attrs.get("numFmtId", "").isdigit() else 0)

        def end(name):
            if name == "cellXfs":
                raise _Stop

        self.parse(self.styles, _Handler(start=start, end=end))

        def is_date(format_id):
            if format_id in formats:
                return bool(re.search(r"[dmyhs]", _FORMAT_LITERALS.sub("", formats[format_id]), re.IGNORECASE))
            return format_id in BUILTIN_DATE_FORMATS

        return {index for index, format_id in enumerate(styles) if is_date(format_id)}

    def shared_strings(self, needed):
        """``{index: text}`` of the shared strings the sheet uses (only those are kept)."""
        if not needed:
            return {}
        if not self.strings:
            raise SpreadsheetError("broken_xlsx")
        last = max(needed)
        strings, state = {}, {"index": -1, "phonetic": 0, "keep": False}
        parts = _Text()

        def start(name, attrs):
            if name == "si":
                state["index"] += 1
                state["keep"] = state["index"] in needed
                parts.clear()
            elif name == "rPh":  # phonetic guide (furigana): not part of the text
                state["phonetic"] += 1
            elif name == "t":
                parts.collecting = state["keep"] and not state["phonetic"]

        def end(name):
            if name == "t":
                parts.collecting = False
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "si" and state["keep"]:
                strings[state["index"]] = parts.text().strip()
                if state["index"] >= last:
                    raise _Stop

        self.parse(self.strings, _Handler(start=start, end=end, data=parts.add))
        if len(strings) < len(needed):
            raise SpreadsheetError("broken_xlsx")
        return strings


class _Handler:
    def __init__(self, start=None, end=None, data=None):
        self.start = start or (lambda name, attrs: None)
        self.end = end or (lambda name: None)
        self.data = data or (lambda text: None)


class _Text:
    """The text of one cell, collected while ``collecting``, at most :data:`MAX_CELL_CHARS` long."""

    def __init__(self):
        self.collecting = False
        self.parts = []
        self.length = 0

    def add(self, text):
        if self.collecting:
            self.length += len(text)
            if self.length > MAX_CELL_CHARS:
                raise SpreadsheetError("broken_xlsx")
            self.parts.append(text)

    def clear(self):
        self.parts = []
        self.length = 0

    def text(self):
        return "".join(self.parts)


class _SheetHandler:
    """The values of a worksheet's ``<sheetData>``: ``rows = {row: {col: text or shared string index}}``.

    Only cells holding a value are kept; the first value beyond the limits stops the parsing.
    """

    def __init__(self, limits, date_styles, date1904):
        self.limits = limits
        self.date_styles = date_styles
        self.date1904 = date1904
        self.rows = {}
        self.row = self.col = 0
        self.cell = None  # (type, style) of the cell being read
        self.phonetic = 0
        self.text = _Text()
        self.data = self.text.add

    def start(self, name, attrs):
        if name == "c":
            ref = attrs.get("r")
            self.col = _column(ref) if ref else self.col + 1
            self.cell = (attrs.get("t", "n"), attrs.get("s"))
            self.text.clear()
        elif name == "row":
            number = attrs.get("r")
            if number and not number.isdigit():
                raise SpreadsheetError("broken_xlsx")
            self.row = int(number) if number else self.row + 1
            self.col = 0
        elif self.cell and name == "rPh":
            self.phonetic += 1
        elif self.cell and (name == "v" or (name == "t" and not self.phonetic)):
            self.text.collecting = True

    def end(self, name):
        if name in ("v", "t"):
            self.text.collecting = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c":
            value = self._value(self.text.text())
            if value != "":
                self.limits.check(self.row, self.col)
                self.rows.setdefault(self.row, {})[self.col] = value
            self.cell = None
        elif name == "sheetData":
            raise _Stop

    def _value(self, raw):
        kind, style = self.cell
        raw = raw.strip()
        if not raw:
            return ""
        if kind == "s":
            if not raw.isdigit():
                raise SpreadsheetError("broken_xlsx")
            return int(raw)  # resolved once the sheet is read
        if kind == "b":
            return "TRUE" if raw in ("1", "true") else "FALSE"
        if kind == "d":
            return _iso_text(raw)
        if kind in ("inlineStr", "str", "e"):
            return raw
        if style and style.isdigit() and int(style) in self.date_styles:
            return _date_text(raw, self.date1904)
        return _number_text(raw)

    def shared_needed(self):
        return {value for cells in self.rows.values() for value in cells.values() if isinstance(value, int)}


def _column(ref):
    """The column number of a cell reference (``"B12"`` → 2)."""
    match = _CELL_REF.fullmatch(ref)
    if not match:
        raise SpreadsheetError("broken_xlsx")
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return number


def _number_text(raw):
    """A number as people write it: ``10.0`` → ``"10"``, ``6.901234567892E+12`` → ``"6901234567892"``."""
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return raw
    if not number.is_finite() or abs(number.adjusted()) > 20:
        return raw
    if number == number.to_integral_value():
        return str(int(number))
    text = repr(float(number))  # the shortest form: 0.1 rather than 0.10000000000000001
    return format(Decimal(text), "f") if "e" in text else text


def _date_text(raw, date1904=False):
    """An Excel date serial as ISO text: ``46357`` → ``"2026-12-01"`` (with the time if it has one)."""
    try:
        serial = float(raw)
    except ValueError:
        return raw
    if not math.isfinite(serial) or not 0 <= serial < 2958466:  # up to 9999-12-31
        return _number_text(raw)
    if date1904:
        base = datetime.datetime(1904, 1, 1)
    else:  # Excel counts a 29 February 1900 that never was
        base = datetime.datetime(1899, 12, 31 if serial < 60 else 30)
    moment = base + datetime.timedelta(seconds=round(serial * 86400))
    if serial < 1 and not date1904:
        return moment.time().isoformat()
    if moment.time() == datetime.time(0):
        return moment.date().isoformat()
    return moment.isoformat(" ")


def _iso_text(raw):
    """An ISO 8601 date cell (``t="d"``) without a midnight time."""
    try:
        moment = datetime.datetime.fromisoformat(raw)
    except ValueError:
        return raw
    if moment.time() == datetime.time(0):
        return moment.date().isoformat()
    return moment.replace(tzinfo=None, microsecond=0).isoformat(" ")
