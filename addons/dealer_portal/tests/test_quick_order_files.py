import codecs
import io
import re
import zipfile
from unittest.mock import patch

import openpyxl

from odoo import api as odoo_api
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.sale_order import QUICK_ORDER_MAX_BYTES
from .common import DealerPortalCommon, DealerPortalHttpCommon

SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows, sheet=None):
    """A workbook of ``rows``; ``sheet(xml)`` rewrites its worksheet's XML."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    if not sheet:
        return stream.getvalue()
    source, target = zipfile.ZipFile(stream), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for info in source.infolist():
            data = source.read(info.filename)
            rewritten.writestr(info.filename, sheet(data) if info.filename == SHEET else data)
    return target.getvalue()


def lying_dimension(xml):
    """The worksheet claims A1:XFD1048576 and has one cell in its last row."""
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
    return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is>'
                                        b"</c></row></sheetData>")


def zip_bomb():
    """A workbook whose worksheet inflates to 200 MB of zeros (about 200 KB uploaded)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in zipfile.ZipFile(io.BytesIO(xlsx([["code", "qty"]]))).infolist():
            if info.filename != SHEET:
                bomb.writestr(info.filename, b"")
        with bomb.open(SHEET, "w", force_zip64=True) as member:
            for _megabyte in range(200):
                member.write(bytes(1024 * 1024))
    return stream.getvalue()


@tagged("post_install", "-at_install")
class TestDealerQuickOrderFiles(DealerPortalCommon):
    """The files dealers really upload (Chinese Excel's CSV...) and the ones that must be refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.SaleOrder = cls.env["sale.order"].with_user(cls.portal_user)
        cls.item_a.name = "晨光中性笔"

    def _add(self, content, filename):
        cart = self.SaleOrder._dealer_portal_cart(create=True)
        errors, _hints = cart._dealer_portal_quick_order(
            self.SaleOrder._dealer_portal_parse_quick_order(content, filename))
        self.assertFalse(errors)
        return {line.product_id: line.product_uom_qty for line in cart._dealer_portal_product_lines()}

    def test_chinese_csv_files(self):
        text = "商品编码,商品名称,数量\r\nDP-A,晨光中性笔,3\r\nDP-B,得力订书机,6\r\n"
        for label, content in (
            ("GBK (Excel's CSV in Chinese)", text.encode("gbk")),
            ("GB18030", text.encode("gb18030")),
            ("UTF-8 with BOM", codecs.BOM_UTF8 + text.encode()),
            ("UTF-16, tab-separated (Excel's Unicode text)", text.replace(",", "\t").encode("utf-16")),
            ("semicolons", text.replace(",", ";").encode()),
        ):
            with self.subTest(label):
                self.SaleOrder._dealer_portal_cart(create=True).order_line.unlink()
                self.assertEqual(self._add(content, "订单.csv"), {self.item_a: 3, self.item_b: 6})

    def test_row_numbers_are_the_sheets(self):
        rows = self.SaleOrder._dealer_portal_parse_quick_order(
            xlsx([["code", "qty"], ["DP-A", 1.0], [], ["DP-B", 6]]), "order.xlsx")
        self.assertEqual(rows, [(2, "default_code", "DP-A", "1"), (4, "default_code", "DP-B", "6")])

    def test_refused_files_add_nothing(self):
        cart = self.SaleOrder._dealer_portal_cart(create=True)
        cart._dealer_portal_add_products({self.item_a: 1})
        orders = self.env["sale.order"].search_count([])
        lines = self.env["sale.order.line"].search_count([])
        rows = [["code", "qty"]] + [["DP-A", 1]] * 1001
        for label, content, filename, message in (
            ("lying dimension", xlsx([["code", "qty"], ["DP-A", 1]], lying_dimension), "order.xlsx",
             "more than 1000 rows"),
            ("zip bomb", zip_bomb(), "order.xlsx", "once uncompressed"),
            ("too many rows", xlsx(rows), "order.xlsx", "more than 1000 rows"),
            ("too many CSV rows", b"code,qty\n" + b"DP-A,1\n" * 1001, "order.csv", "more than 1000 rows"),
            ("too large", b"code,qty\n" + b"DP-A,1" + b" " * QUICK_ORDER_MAX_BYTES, "order.csv", "larger than 5 MB"),
            ("binary", bytes(range(256)), "order.csv", "binary data"),
            ("unknown encoding", b"code,qty\n\x80\x80,1\n", "order.csv", "GBK/GB18030"),
            ("broken workbook", b"PK\x03\x04broken", "order.xlsx", "could not be read as an Excel workbook"),
            ("old Excel", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "order.xls", "97-2003"),
        ):
            with self.subTest(label), self.assertRaisesRegex(UserError, message):
                self.SaleOrder._dealer_portal_parse_quick_order(content, filename)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.assertEqual(self.env["sale.order.line"].search_count([]), lines)
        self.assertEqual({line.product_id: line.product_uom_qty for line in cart._dealer_portal_product_lines()},
                         {self.item_a: 1})

    def test_pasted_lines_are_bounded(self):
        with self.assertRaisesRegex(UserError, "At most 1000 rows"):
            self.SaleOrder._dealer_portal_parse_quick_order_text("DP-A 1\n" * 1001)
        self.assertEqual(self.SaleOrder._dealer_portal_parse_quick_order_text("DP-A 2\n\nDP-B;6\n"),
                         [(2, "default_code", "DP-A", "2"), (3, "default_code", "DP-B", "6")])

    def test_messages_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        get_translation = odoo_api.get_translation
        asked = []

        def translation(module, lang, source, args):
            asked.append((module, lang))
            if module == "dealer_base" and lang == "zh_CN" and source.startswith("The file has more than"):
                return "文件超过 %(max)s 行" % args
            return get_translation(module, lang, source, args)

        with patch("odoo.api.get_translation", translation), self.assertRaises(UserError) as refused:
            self.SaleOrder.with_context(lang="zh_CN")._dealer_portal_parse_quick_order(
                b"code,qty\n" + b"DP-A,1\n" * 1001, "order.csv")
        self.assertEqual(refused.exception.args[0], "文件超过 1000 行")
        self.assertIn(("dealer_base", "zh_CN"), asked, "the reader's messages are dealer_base's terms")


@tagged("post_install", "-at_install")
class TestDealerQuickOrderUpload(DealerPortalHttpCommon):
    """The upload route refuses big files cleanly: a message, or 413 before the body is read."""

    def _upload(self, content, filename="order.csv"):
        token = self._csrf("/my/quick-order")
        return self.url_open("/my/quick-order", data={"csrf_token": token},
                             files={"upload": (filename, content, "text/csv")})

    def _cart(self):
        return self.env["sale.order"].with_user(self.portal_user)._dealer_portal_cart()

    def test_gbk_csv_upload(self):
        self.authenticate("dp_dealer", "dp_dealer")
        self.assertIn("At most 1,000 rows and 5 MB", self.url_open("/my/quick-order").text)
        response = self._upload("商品编码,数量\r\nDP-A,2\r\n".encode("gbk"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/cart"))
        self.assertEqual({line.product_id: line.product_uom_qty for line in self._cart().order_line},
                         {self.item_a: 2})

    def test_oversized_file(self):
        self.authenticate("dp_dealer", "dp_dealer")
        response = self._upload(b"code,qty\nDP-A,1\n" + b"#" * (QUICK_ORDER_MAX_BYTES + 10))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/my/quick-order"))
        self.assertIn("larger than 5 MB", response.text)
        self.assertFalse(self._cart(), "no cart created")
        response = self._upload(b"code,qty\n" + b"#" * (4 * QUICK_ORDER_MAX_BYTES + 10))
        self.assertEqual(response.status_code, 413, "refused before the body is read")
        self.assertFalse(self._cart())

    def test_zip_bomb_upload(self):
        self.authenticate("dp_dealer", "dp_dealer")
        response = self._upload(zip_bomb(), "order.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("once uncompressed", response.text)
        self.assertFalse(self._cart())
