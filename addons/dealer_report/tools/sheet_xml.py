"""A worksheet's rows written as SpreadsheetML text, and a workbook assembled from them.

The flat export of the channel sales analysis renders its rows chunk by chunk, each
chunk in its own step, and zips them in a last step that only copies text. The rows
are written exactly as xlsxwriter's constant-memory mode writes them (inline strings,
its escaping of control characters, ``%.16G`` numbers, Excel date serials), so the
workbook is the one xlsxwriter would have written: the styles, column widths, panes
and every other member come from a skeleton workbook that xlsxwriter writes with the
header row (see :func:`assemble_xlsx`).

No database here.
"""
import io
import re
import zipfile
from datetime import date

from odoo.addons.dealer_base.tools import safe_text

# the longest text of a cell (xlsxwriter truncates longer strings, as Excel would refuse them)
MAX_TEXT = 32767
# Excel's day 0 is 1899-12-31, and it counts a 1900-02-29 that never was (xlsxwriter does too)
_EPOCH = date(1899, 12, 31).toordinal()
# what makes a text need more than copying: XML markup, characters XML 1.0 does not allow
# (written as Excel's _xHHHH_ escapes), a literal _xHHHH_ (its underscore escaped), edge blanks
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_LITERAL_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_ROW_NUMBER = re.compile(r'(<row r="|<c r="[A-Z]+)([0-9]+)"')
SHEET_DATA = ("<sheetData>", "</sheetData>")


def xl_col_to_name(col):
    """The letters of the zero-based column ``col`` (0 → A, 26 → AA), as Excel names it."""
    name = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def text_xml(text):
    """``text`` as the ``<t>`` element of an inline string (no formula guard here)."""
    if not _SPECIAL.search(text):
        return "<t>%s</t>" % text
    text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: "_x%04X_" % ord(match.group(1)), text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "<t%s>%s</t>" % (space, text)


def date_serial(value):
    """The Excel serial of a date (or of an ISO date text)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    days = value.toordinal() - _EPOCH
    return float(days + 1 if days > 59 else days)


def rows_xml(rows, first_row, columns):
    """The ``<row>`` elements of ``rows``, numbered from ``first_row`` (1 is the first row
    of the sheet).

    :param rows: lists of values, one per column
    :param columns: per column ``(kind, style)``: kind ``"text"`` (a str, neutralized with
        ``safe_text``; an empty one leaves the cell out), ``"number"`` or ``"date"`` (a date
        or an ISO date, written as its serial); style the cell's xf index, or None
    :return: the XML text
    """
    cells = []
    for col, (kind, style) in enumerate(columns):
        tail = ('" s="%d"' % style if style else '"') + (' t="inlineStr"><is>' if kind == "text" else "><v>")
        cells.append((kind, '<c r="' + xl_col_to_name(col), tail))
    serials = {}  # a chunk's rows share a few months
    out = []
    append = out.append
    for number, row in enumerate(rows, first_row):
        number = str(number)
        append('<row r="' + number + '">')
        for (kind, ref, tail), value in zip(cells, row, strict=True):
            if kind == "text":
                if value:
                    append(ref + number + tail + text_xml(safe_text(value)[:MAX_TEXT]) + "</is></c>")
            elif kind == "date":
                serial = serials.get(value)
                if serial is None:
                    serial = serials[value] = "%.16G" % date_serial(value)
                append(ref + number + tail + serial + "</v></c>")
            else:
                append(ref + number + tail + "%.16G</v></c>" % value)
        append("</row>")
    return "".join(out)


def renumber_rows(xml, shift):
    """``xml`` (made by :func:`rows_xml`) with its rows moved down by ``shift`` rows."""
    if not shift:
        return xml
    return _ROW_NUMBER.sub(lambda match: "%s%d\"" % (match.group(1), int(match.group(2)) + shift), xml)


def assemble_xlsx(output, skeleton, sheet, rows, row_count, last_col, size=0):
    """Write into ``output`` (a seekable file object) the workbook ``skeleton`` (the bytes of an
    xlsxwriter workbook, written with ``constant_memory`` so that its strings are inline,
    whose worksheet ``sheet`` holds its header row first) with the rows of ``rows`` after
    the header: every other member is copied as it is.

    :param sheet: the worksheet's member, ``xl/worksheets/sheet1.xml``
    :param rows: iterable of ``<row>`` XML texts, numbered from 2, in order; consumed one
        at a time (never all in memory)
    :param row_count: the number of rows of ``rows`` (the sheet's dimension)
    :param last_col: the index of the last column (the sheet's dimension)
    :param size: the bytes of ``rows`` (past 2 GiB, the sheet is stored with ZIP64)
    """
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != sheet:
                target.writestr(member, content)
                continue
            xml = content.decode()
            head, body = xml.split(SHEET_DATA[0], 1)
            body, tail = body.split(SHEET_DATA[1], 1)
            header = body[:body.index("</row>") + len("</row>")]
            head = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:%s%d"/>' % (
                xl_col_to_name(last_col), row_count + 1), head, count=1)
            with target.open(member, "w", force_zip64=size + len(content) > zipfile.ZIP64_LIMIT) as handle:
                handle.write((head + SHEET_DATA[0] + header).encode())
                for text in rows:
                    handle.write(text.encode())
                handle.write((SHEET_DATA[1] + tail).encode())
