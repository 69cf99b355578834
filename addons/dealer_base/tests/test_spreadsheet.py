import codecs
import datetime
import io
import re
import struct
import time
import tracemalloc
import zipfile
from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from odoo.addons.dealer_base.tests.factory import xlsx_file
from odoo.addons.dealer_base.tools import spreadsheet
from odoo.addons.dealer_base.tools.spreadsheet import SpreadsheetError, read_table

SHEET = "xl/worksheets/sheet1.xml"


workbook = xlsx_file


def rewrite(content, part, change):
    """``content`` (a zip) with ``part`` replaced by ``change(old bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == part else data)
    return stream.getvalue()


def with_zeros(content, part, megabytes):
    """``content`` with ``part`` replaced by ``megabytes`` MB of zeros (written as a stream)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != part:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(part, "w", force_zip64=True) as member:
            zeros = bytes(1024 * 1024)
            for _megabyte in range(megabytes):
                member.write(zeros)
    return stream.getvalue()


@tagged("at_install", "dealer_base")
class TestSpreadsheetXlsx(BaseCase):
    """The suite's one reader of uploaded tables: XLSX workbooks, within bounds."""

    def assertRefused(self, code, content, filename="order.xlsx", **kwargs):
        with self.assertRaises(SpreadsheetError) as caught:
            read_table(content, filename, **kwargs)
        self.assertEqual(caught.exception.code, code, str(caught.exception))
        return caught.exception

    def measure(self, function):
        """(seconds, peak bytes allocated) of ``function()``, run twice: tracing slows it down."""
        start = time.perf_counter()
        function()
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        try:
            function()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return elapsed, peak

    def test_cells_as_text(self):
        content = workbook([
            ["商品编码", "数量", "条码", "到期日期", "时间"],
            ["A-1001", 10.0, 6901234567892, datetime.date(2026, 12, 1), datetime.datetime(2026, 12, 1, 8, 30)],
            ["  铅笔 HB  ", 2.5, None, None, datetime.time(17, 45)],
            [],
            ["A-1002", 0.1, True, None, None, None],
        ])
        self.assertEqual(read_table(content, "订单.XLSX"), [
            ["商品编码", "数量", "条码", "到期日期", "时间"],
            ["A-1001", "10", "6901234567892", "2026-12-01", "2026-12-01 08:30:00"],
            ["铅笔 HB", "2.5", "", "", "17:45:00"],
            [],
            ["A-1002", "0.1", "TRUE"],
        ])

    def test_inline_and_rich_strings_and_missing_references(self):
        sheet = (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row><c t="inlineStr"><is><r><t>经销</t></r><r><t>商</t></r><rPh><t>jingxiao</t></rPh></is></c>'
            '<c><v>6.901234567892E+12</v></c></row>'
            '<row r="3"><c r="B3" t="str"><f>A1</f><v>x</v></c></row>'
            "</sheetData></worksheet>"
        )
        content = rewrite(workbook([["a"]]), SHEET, lambda _old: sheet.encode())
        self.assertEqual(read_table(content, "x.xlsx"), [["经销商", "6901234567892"], [], ["", "x"]])

    def test_lying_dimension_is_refused_without_allocating_rows(self):
        def lie(xml):
            xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
            return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr">'
                                                b"<is><t>x</t></is></c></row></sheetData>")

        content = rewrite(workbook([["code", "qty"], ["A-1001", 1]]), SHEET, lie)
        self.assertLess(len(content), 8000)
        elapsed, peak = self.measure(lambda: self.assertRefused("too_many_rows", content, max_rows=1000))
        self.assertLess(elapsed, 0.5)
        self.assertLess(peak, 2 * 1024 * 1024, "no empty row is materialized")
        # the dimension is never trusted, not even to read what is there
        content = rewrite(workbook([["code", "qty"], ["A-1001", 1]]), SHEET, lambda xml: re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml))
        self.assertEqual(read_table(content, "x.xlsx"), [["code", "qty"], ["A-1001", "1"]])

    def test_far_column_is_refused(self):
        content = rewrite(workbook([["code"]]), SHEET, lambda xml: xml.replace(
            b"</row>", b'<c r="XFD1" t="inlineStr"><is><t>x</t></is></c></row>'))
        error = self.assertRefused("too_many_cols", content, max_cols=50)
        self.assertEqual(error.params, {"max": 50})
        # empty (styled) cells and rows beyond the limits are fine
        content = rewrite(workbook([["code"]]), SHEET, lambda xml: xml.replace(
            b"</sheetData>", b'<row r="900000"><c r="XFD900000" s="0"/></row></sheetData>'))
        self.assertEqual(read_table(content, "x.xlsx", max_rows=10), [["code"]])

    def test_formatted_empty_rows_are_bounded(self):
        def empty_rows(count):
            rows = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(3, count + 3)).encode()
            return rewrite(workbook([["code", "qty"], ["A-1001", 1]]), SHEET, lambda xml: xml.replace(
                b"</sheetData>", rows + b"</sheetData>"))

        self.assertEqual(read_table(empty_rows(20000), "x.xlsx", max_rows=1000),
                         [["code", "qty"], ["A-1001", "1"]], "formatted empty rows below the data are fine")
        content = empty_rows(300000)
        elapsed, peak = self.measure(lambda: self.assertRefused("too_complex", content, max_rows=1000))
        self.assertLess(elapsed, 2.0)
        self.assertLess(peak, 4 * 1024 * 1024)

    def test_rows_over_the_limit_stop_the_reading(self):
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>A-{n}</t></is></c><c r="B{n}"><v>{n}</v></c></row>'
            for n in range(2, 50002)
        ).encode()
        content = rewrite(workbook([["code", "qty"]]), SHEET, lambda xml: xml.replace(
            b"</sheetData>", rows + b"</sheetData>"))
        seen = []
        start = spreadsheet._SheetHandler.start

        def counting(handler, name, attrs):
            seen.append(name == "row")
            return start(handler, name, attrs)

        with patch.object(spreadsheet._SheetHandler, "start", counting):
            self.assertRefused("too_many_rows", content, max_rows=1000)
        self.assertEqual(sum(seen), 1002, "the header, 1000 rows, and the first row beyond")
        elapsed, peak = self.measure(lambda: self.assertRefused("too_many_rows", content, max_rows=1000))
        self.assertLess(elapsed, 1.0)
        self.assertLess(peak, 4 * 1024 * 1024)
        self.assertEqual(len(read_table(content, "x.xlsx", max_rows=50000)), 50001)

    def test_zip_bombs_are_refused_before_decompression(self):
        base = workbook([["code", "qty"]])
        bomb = with_zeros(base, SHEET, 200)
        self.assertLess(len(bomb), 1024 * 1024)
        with patch.object(spreadsheet._Workbook, "parse", side_effect=AssertionError("decompressed")):
            elapsed, peak = self.measure(lambda: self.assertRefused("zip_size", bomb))
            self.assertRefused("zip_ratio", with_zeros(base, SHEET, 20))
            self.assertRefused("zip_ratio", with_zeros(base, "xl/media/image1.png", 20))
        self.assertLess(elapsed, 0.5)
        self.assertLess(peak, 2 * 1024 * 1024)
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w") as many:
            for number in range(1001):
                many.writestr(f"xl/media/{number}.xml", b"")
        self.assertRefused("zip_members", stream.getvalue())
        self.assertRefused("too_large", bomb, max_bytes=100 * 1024)

    def test_lying_zip_directory(self):
        """A part that declares 4 KB and inflates to 50 MB: never more than the declared size is read."""
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as bomb:
            source = zipfile.ZipFile(io.BytesIO(workbook([["code"]])))
            for info in source.infolist():
                if info.filename != SHEET:
                    bomb.writestr(info.filename, source.read(info.filename))
            with bomb.open(SHEET, "w") as member:
                member.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                             b"<sheetData>")
                for _megabyte in range(50):
                    member.write(b" " * (1024 * 1024))
                member.write(b"</sheetData></worksheet>")
        content = bytearray(stream.getvalue())
        name = SHEET.encode()
        # the uncompressed size in the central directory (offset 24) and the local header (22)
        for signature, name_length_at, name_at, size_at in ((b"PK\x01\x02", 28, 46, 24), (b"PK\x03\x04", 26, 30, 22)):
            position = content.find(signature)
            while position >= 0:
                length = struct.unpack_from("<H", content, position + name_length_at)[0]
                if content[position + name_at:position + name_at + length] == name:
                    struct.pack_into("<I", content, position + size_at, 4000)
                position = content.find(signature, position + 4)
        self.assertEqual(zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo(SHEET).file_size, 4000)
        elapsed, peak = self.measure(lambda: self.assertRefused("broken_xlsx", bytes(content)))
        self.assertLess(elapsed, 0.5)
        self.assertLess(peak, 2 * 1024 * 1024)

    def test_broken_files(self):
        good = workbook([["code", "qty"], ["A-1001", 1]])
        for content in (b"not a zip", b"PK\x03\x04broken", good[: len(good) // 2]):
            self.assertRefused("broken_xlsx", content)
        self.assertRefused("broken_xlsx", rewrite(good, SHEET, lambda _xml: b"<worksheet><sheetData><row>"))
        self.assertRefused("broken_xlsx", rewrite(good, SHEET, lambda _xml: b"\xff\x00garbage"))
        laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                  b'<worksheet><sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData>'
                  b"</worksheet>")
        self.assertRefused("broken_xlsx", rewrite(good, SHEET, lambda _xml: laughs))
        self.assertRefused("broken_xlsx", rewrite(good, SHEET, lambda xml: xml.replace(b'r="A2"', b'r="2A"')))
        # a shared string that the table does not have
        self.assertRefused("broken_xlsx", rewrite(good, SHEET, lambda xml: re.sub(
            rb'<c r="A2"[^>]*>.*?</c>', b'<c r="A2" t="s"><v>999</v></c>', xml)))
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
        self.assertRefused("old_excel", ole, "order.xls")
        self.assertRefused("old_excel", ole, "encrypted.xlsx")
        self.assertRefused("empty", workbook([[None], []]))
        self.assertRefused("unsupported", good, "order.pdf")
        self.assertEqual(read_table(good, "named.csv"), [["code", "qty"], ["A-1001", "1"]],
                         "a workbook named .csv is read as a workbook")

    def test_values(self):
        number, date = spreadsheet._number_text, spreadsheet._date_text
        self.assertEqual([number(raw) for raw in ("10.0", "10", "-0", "2.50", "0.10000000000000001", "1E-5",
                                                  "6.901234567892E+12", "1E+400", "abc")],
                         ["10", "10", "0", "2.5", "0.1", "0.00001", "6901234567892", "1E+400", "abc"])
        self.assertEqual([date(raw) for raw in ("46357", "46357.5", "0.25", "1", "61")],
                         ["2026-12-01", "2026-12-01 12:00:00", "06:00:00", "1900-01-01", "1900-03-01"])
        self.assertEqual(date("0", date1904=True), "1904-01-01")
        self.assertEqual(spreadsheet._iso_text("2026-12-01T00:00:00"), "2026-12-01")


@tagged("at_install", "dealer_base")
class TestSpreadsheetCsv(BaseCase):
    """CSV as Chinese Excel and other tools write it: encodings and delimiters found by themselves."""

    ROWS = [["商品编码", "商品名称", "数量"], ["A-1001", "晨光中性笔", "12"], ["A-1002", "得力订书机", "6"]]

    def csv(self, encoding, delimiter=",", bom=b""):
        text = "\r\n".join(delimiter.join(row) for row in self.ROWS) + "\r\n"
        return bom + text.encode(encoding)

    def test_encodings(self):
        for label, content in (
            ("utf-8", self.csv("utf-8")),
            ("utf-8 with BOM", self.csv("utf-8", bom=codecs.BOM_UTF8)),
            ("gbk (Chinese Excel's CSV)", self.csv("gbk")),
            ("gb18030", self.csv("gb18030")),
            ("utf-16 with BOM", self.csv("utf-16")),
            ("utf-16 big endian with BOM", self.csv("utf-16-be", bom=codecs.BOM_UTF16_BE)),
        ):
            with self.subTest(label):
                self.assertEqual(read_table(content, "订单.csv"), self.ROWS)
        # GB18030 beyond GBK (a character of CJK extension B)
        self.assertEqual(read_table("code,name\nA-1,𠮷野家\n".encode("gb18030"), "x.csv"),
                         [["code", "name"], ["A-1", "𠮷野家"]])

    def test_delimiters(self):
        self.assertEqual(read_table(self.csv("utf-8", ";"), "x.csv"), self.ROWS)
        # Excel's "Unicode text": UTF-16, tab-separated
        self.assertEqual(read_table(self.csv("utf-16", "\t"), "x.txt"), self.ROWS)
        # decimal commas in a semicolon file; quoted delimiters; one column
        self.assertEqual(read_table(b'code;qty\nA-1;2,5\n"B;1";3\n', "x.csv"),
                         [["code", "qty"], ["A-1", "2,5"], ["B;1", "3"]])
        self.assertEqual(read_table(b"code\nA-1\n", "x.csv"), [["code"], ["A-1"]])
        self.assertEqual(read_table(b" code , qty ,,\n\nA-1,2,,\n\n\n", "x.csv"),
                         [["code", "qty"], [], ["A-1", "2"]])

    def assertRefused(self, code, content, filename="order.csv", **kwargs):
        with self.assertRaises(SpreadsheetError) as caught:
            read_table(content, filename, **kwargs)
        self.assertEqual(caught.exception.code, code, str(caught.exception))
        return caught.exception

    def test_refused(self):
        self.assertRefused("binary", b"code,qty\nA-1,\x00\x01\x02\n")
        self.assertRefused("binary", bytes(range(1, 128)) * 4)
        self.assertRefused("encoding", b"code,qty\n\x80\x80,1\n")
        self.assertRefused("empty", b"\r\n , \n")
        self.assertRefused("broken_csv", b'code,qty\n"' + b"x" * 200000 + b'",1\n')
        error = self.assertRefused("too_many_rows", b"code,qty\n" + b"A-1,1\n" * 1001, max_rows=1000)
        self.assertEqual(str(error), "The file has more than 1000 rows: split it into files of at most 1000 rows.")
        self.assertEqual(len(read_table(b"code,qty\n" + b"A-1,1\n" * 1000, "x.csv", max_rows=1000)), 1001)
        self.assertRefused("too_many_cols", b",".join([b"c"] * 51), max_cols=50)
        self.assertRefused("too_many_cols", b"code,qty\n" + b"ab," * 1_000_000, max_cols=50)
        self.assertEqual(read_table(b'code,name\nA-1,"' + b"," * 500 + b'"\n', "x.csv")[1][1], "," * 500,
                         "a line with many quoted delimiters below the bound is read")
        error = self.assertRefused("too_large", b"code,qty\n" + b"A-1,1\n" * 200000, max_bytes=1024 * 1024)
        self.assertEqual(str(error), "The file is larger than 1 MB: split it into smaller files.")
        self.assertRefused("too_large", b"x" * (5 * 1024 * 1024 + 1))
