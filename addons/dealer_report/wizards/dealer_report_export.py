import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dealer_base.tools import new_workbook, safe_text

from ..models.dealer_report_export_request import DEFAULT_SYNC_ROWS, SYNC_ROWS_PARAM, _bounded_param


class DealerReportExport(models.TransientModel):
    """The monthly channel report for management, as one formatted workbook: sales by
    region and by dealer against last year, top products, promotion cost, credit
    exposure with receivables aging, review KPIs and rebates (the figures of the
    analyses, read with the user's rights). Also the flat export of the channel sales
    analysis rows of a period, the export that grows large: it runs in the background
    (``dealer.report.export.request``) above a number of rows."""

    _name = "dealer.report.export"
    _description = "Monthly Channel Report"

    month = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to report; the report covers the whole month.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    top = fields.Integer(string="Dealers and Products Listed", default=20)
    kind = fields.Selection(
        [("channel_report", "Monthly Channel Report"), ("sales_rows", "Channel Sales Rows")],
        string="Export", required=True, default="channel_report",
        help="The formatted monthly report for management, or every row of the channel sales analysis "
        "(month × dealer × product) of a period.",
    )
    month_to = fields.Date(
        string="To Month", default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the last month exported (channel sales rows).",
    )
    partner_ids = fields.Many2many("res.partner", string="Dealers", domain=[("dealer_level_id", "!=", False)],
                                   help="Only these dealers (empty: all).")
    region_ids = fields.Many2many("dealer.region", string="Regions",
                                  help="Only the dealers of these regions and their subregions (empty: all).")
    level_ids = fields.Many2many("dealer.level", string="Levels", help="Only these levels (empty: all).")

    @api.constrains("top")
    def _check_top(self):
        for wizard in self:
            if not 1 <= wizard.top <= 1000:
                raise ValidationError(self.env._("List between 1 and 1,000 dealers and products."))

    @api.constrains("kind", "month", "month_to")
    def _check_months(self):
        for wizard in self:
            if wizard.kind == "sales_rows" and (not wizard.month_to or wizard.month_to < wizard.month.replace(day=1)):
                raise ValidationError(self.env._("The last month exported cannot be before the first one."))

    def action_export(self):
        """Download now: the monthly report; the sales rows when there are few of them,
        else they are exported in the background."""
        self.ensure_one()
        if self.kind == "sales_rows":
            sync_rows = _bounded_param(self.env, SYNC_ROWS_PARAM, DEFAULT_SYNC_ROWS, 0, 100000)
            if self.env["dealer.sales.analysis"].search_count(self._sales_rows_domain(), limit=sync_rows + 1) \
                    > sync_rows:
                return self.action_export_background()
            request = self._create_request()
            request._dealer_export_run_inline()
            if request.state != "done":
                raise UserError(request.error_message)
            return request.action_download()
        content = self._get_xlsx()
        month = self.month.replace(day=1)
        attachment = self.env["ir.attachment"].create({
            "name": self.env._("Channel report %(month)s.xlsx", month=month.strftime("%Y-%m")),
            "datas": base64.b64encode(content),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "url": "/web/content/%s?download=true" % attachment.id,
                "target": "self"}

    def action_export_background(self):
        """Export in the background; the user is told when the file is ready in My Exports."""
        self.ensure_one()
        request = self._create_request()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_report.dealer_report_export_request_action")
        return {
            "type": "ir.actions.client", "tag": "display_notification",
            "params": {
                "type": "info", "title": request.name,
                "message": self.env._("The export runs in the background; you will be notified when it is "
                                      "ready to download from My Exports."),
                "next": action,
            },
        }

    def _create_request(self):
        first, _after = self._period()
        if self.kind == "channel_report":
            vals = {"name": self.env._("Channel report %(month)s", month=first.strftime("%Y-%m")),
                    "date_from": first, "top": self.top}
        else:
            last = self.month_to.replace(day=1)
            vals = {"name": self.env._("Channel sales %(first)s to %(last)s", first=first.strftime("%Y-%m"),
                                       last=last.strftime("%Y-%m")),
                    "date_from": first, "date_to": last, "domain": self._sales_rows_domain(json_ready=True)}
        return self.with_company(self.company_id).env["dealer.report.export.request"]._dealer_export_create(
            dict(vals, kind=self.kind))

    def _sales_rows_domain(self, json_ready=False):
        """The rows exported (sales rows), without the company (the request's)."""
        first = self.month.replace(day=1)
        last = self.month_to.replace(day=1)
        if json_ready:
            first, last = first.isoformat(), last.isoformat()
        domain = [("date", ">=", first), ("date", "<=", last)]
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        if self.region_ids:
            domain.append(("dealer_region_id", "child_of", self.region_ids.ids))
        if self.level_ids:
            domain.append(("dealer_level_id", "in", self.level_ids.ids))
        if not json_ready:
            domain.append(("company_id", "=", self.company_id.id))
        return domain

    # ------------------------------------------------------------------
    # Content
    # ------------------------------------------------------------------
    def _period(self):
        first = self.month.replace(day=1)
        return first, first + relativedelta(months=1)

    def _sales_domain(self):
        first, after = self._period()
        return [("company_id", "=", self.company_id.id), ("date", ">=", first), ("date", "<", after)]

    def _section_builders(self):
        """The methods building the report's sheets, in order; each returns
        ``(sheet title, headers, rows, column formats)`` with rows of plain values and
        names as text. A background export (``dealer.report.export.request``) builds
        one sheet per chunk."""
        return [self._section_regions, self._section_dealers, self._section_products, self._section_promotions,
                self._section_exposure, self._section_review_kpis, self._section_rebates]

    def _sections(self):
        """[(sheet title, headers, rows, column formats)] — rows of plain values; names as text."""
        return [build() for build in self._section_builders()]

    @staticmethod
    def _growth(amount, last):
        return (amount - last) / last if last else None

    def _section_regions(self):
        growth = self._growth
        rows = [(region.display_name if region else self.env._("No region"), amount, last, growth(amount, last))
                for region, amount, last in self.env["dealer.sales.analysis"]._read_group(
                    self._sales_domain(), ["dealer_region_id"], ["amount:sum", "amount_last_year:sum"])]
        return (self.env._("Sales by Region"),
                [self.env._("Region"), self.env._("Sales"), self.env._("Last Year"), self.env._("Growth")],
                rows, {1: "money", 2: "money", 3: "percent"})

    def _section_dealers(self):
        growth = self._growth
        rows = [(dealer.display_name, dealer.dealer_code or "", amount, last, growth(amount, last))
                for dealer, amount, last in self.env["dealer.sales.analysis"]._read_group(
                    self._sales_domain(), ["partner_id"], ["amount:sum", "amount_last_year:sum"],
                    order="amount:sum desc", limit=self.top)]
        return (self.env._("Top Dealers"),
                [self.env._("Dealer"), self.env._("Code"), self.env._("Sales"), self.env._("Last Year"),
                 self.env._("Growth")], rows, {2: "money", 3: "money", 4: "percent"})

    def _section_products(self):
        rows = [(product.display_name, qty, amount)
                for product, qty, amount in self.env["dealer.sales.analysis"]._read_group(
                    self._sales_domain(), ["product_id"], ["qty:sum", "amount:sum"],
                    order="amount:sum desc", limit=self.top)]
        return (self.env._("Top Products"),
                [self.env._("Product"), self.env._("Quantity"), self.env._("Sales")], rows,
                {1: "qty", 2: "money"})

    def _section_promotions(self):
        promotions = self.env["dealer.promotion.report"].search(self._sales_domain(), order="benefit_amount desc")
        rows = [(p.promotion_id.display_name, p.order_count, p.dealer_count, p.discount_amount, p.free_amount,
                 p.benefit_amount, p.sales_amount, p.cost_percent / 100.0,
                 p.budget or None, p.budget_used_percent / 100.0 if p.budget else None) for p in promotions]
        return (self.env._("Promotion Cost"),
                [self.env._("Promotion"), self.env._("Orders"), self.env._("Dealers"),
                 self.env._("Discounts"), self.env._("Free Goods Value"), self.env._("Benefit"),
                 self.env._("Orders' Sales"), self.env._("Cost (%)"), self.env._("Budget"),
                 self.env._("Budget Used (%)")], rows,
                {3: "money", 4: "money", 5: "money", 6: "money", 7: "percent", 8: "money", 9: "percent"})

    def _section_exposure(self):
        exposure = self.env["dealer.credit.exposure"].search(
            [("company_id", "=", self.company_id.id)], order="overdue_amount desc, receivable_amount desc")
        rows = [(e.partner_id.display_name, e.dealer_region_id.display_name or "", e.cash_balance, e.rebate_balance,
                 e.credit_limit + e.quota_amount, e.credit_used, e.credit_available,
                 self.env._("Yes") if e.over_limit else "", e.receivable_amount, e.current_amount, e.overdue_1_30,
                 e.overdue_31_60, e.overdue_61_90, e.overdue_90) for e in exposure]
        return (self.env._("Credit Exposure"),
                [self.env._("Dealer"), self.env._("Region"), self.env._("Cash Balance"),
                 self.env._("Rebate Balance"), self.env._("Credit Limit"), self.env._("Credit Used"),
                 self.env._("Credit Available"), self.env._("Over Limit"), self.env._("Receivables"),
                 self.env._("Not Due"), self.env._("1-30 Days Overdue"), self.env._("31-60 Days Overdue"),
                 self.env._("61-90 Days Overdue"), self.env._("Over 90 Days Overdue")], rows,
                dict.fromkeys((2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13), "money"))

    def _section_review_kpis(self):
        first, _after = self._period()
        flows = dict(self.env["dealer.review.kpi"]._fields["dealer_flow"]._description_selection(self.env))
        kpis = self.env["dealer.review.kpi"].search(
            [("company_id", "=", self.company_id.id), ("date", "=", first)], order="dealer_flow")
        rows = [(flows.get(k.dealer_flow, k.dealer_flow or ""), k.submitted_count, k.auto_approved_count,
                 k.auto_approved_percent / 100.0, k.held_count, k.rejected_count, k.pending_count,
                 k.decision_median_hours, k.decision_p90_hours) for k in kpis]
        return (self.env._("Review KPIs"),
                [self.env._("Order Flow"), self.env._("Submitted"), self.env._("Approved Automatically"),
                 self.env._("Approved Automatically (%)"), self.env._("Held by a Rule"),
                 self.env._("Rejected"), self.env._("Still Held"), self.env._("Median Hours to Decision"),
                 self.env._("P90 Hours to Decision")], rows, {3: "percent", 7: "qty", 8: "qty"})

    def _section_rebates(self):
        first, after = self._period()
        rebates = self.env["dealer.rebate.report"].search(
            [("company_id", "=", self.company_id.id), ("date_from", "<", after), ("date_to", ">=", first)],
            order="policy_id, partner_id")
        rows = [(r.policy_id.display_name, r.period_label or "", r.partner_id.display_name, r.accrued_amount,
                 r.to_credit_amount, r.credited_amount) for r in rebates]
        return (self.env._("Rebates"),
                [self.env._("Policy"), self.env._("Period"), self.env._("Dealer"), self.env._("Accrued"),
                 self.env._("Settled, To Credit"), self.env._("Credited")], rows,
                {3: "money", 4: "money", 5: "money"})

    def _get_xlsx(self, sections=None):
        """The workbook of ``sections`` (default: built now, see :meth:`_sections`)."""
        self.ensure_one()
        if sections is None:
            sections = self._sections()
        output = io.BytesIO()
        workbook = new_workbook(output)
        bold = workbook.add_format({"bold": True, "bg_color": "#EFF6FF", "border": 1})
        title = workbook.add_format({"bold": True, "font_size": 14})
        formats = {
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": "0.0%"}),
            "qty": workbook.add_format({"num_format": "#,##0.##"}),
        }
        first, _after = self._period()
        heading = self.env._("%(company)s — channel report %(month)s (%(currency)s)",
                             company=self.company_id.name, month=first.strftime("%Y-%m"),
                             currency=self.company_id.currency_id.name)
        for name, headers, rows, column_formats in sections:
            sheet = workbook.add_worksheet(name[:31])
            sheet.write(0, 0, safe_text(heading), title)
            for col, header in enumerate(headers):
                sheet.write(2, col, header, bold)
                sheet.set_column(col, col, 24 if col == 0 else 16)
            for row_index, row in enumerate(rows, start=3):
                for col, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, str):
                        sheet.write_string(row_index, col, safe_text(value))
                    else:
                        sheet.write_number(row_index, col, value, formats.get(column_formats.get(col)))
            sheet.freeze_panes(3, 1)
        workbook.close()
        return output.getvalue()
