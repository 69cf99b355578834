import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_base.tools import new_workbook, safe_text


class DealerReportExport(models.TransientModel):
    """The monthly channel report for management, as one formatted workbook: sales by
    region and by dealer against last year, top products, promotion cost, credit
    exposure with receivables aging, review KPIs and rebates (the figures of the
    analyses, read with the user's rights)."""

    _name = "dealer.report.export"
    _description = "Monthly Channel Report"

    month = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month to report; the report covers the whole month.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    top = fields.Integer(string="Dealers and Products Listed", default=20)

    @api.constrains("top")
    def _check_top(self):
        for wizard in self:
            if not 1 <= wizard.top <= 1000:
                raise ValidationError(self.env._("List between 1 and 1,000 dealers and products."))

    def action_export(self):
        self.ensure_one()
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

    # ------------------------------------------------------------------
    # Content
    # ------------------------------------------------------------------
    def _period(self):
        first = self.month.replace(day=1)
        return first, first + relativedelta(months=1)

    def _sections(self):
        """[(sheet title, headers, rows)] — rows of plain values; names as text."""
        first, after = self._period()
        company = [("company_id", "=", self.company_id.id)]
        sales_domain = company + [("date", ">=", first), ("date", "<", after)]
        Sales = self.env["dealer.sales.analysis"]

        def grouped(model, domain, groupby, measures, order=None, limit=None):
            return self.env[model]._read_group(domain, [groupby], measures, order=order, limit=limit)

        def growth(amount, last):
            return (amount - last) / last if last else None

        sections = []
        rows = [(region.display_name if region else self.env._("No region"), amount, last, growth(amount, last))
                for region, amount, last in grouped("dealer.sales.analysis", sales_domain, "dealer_region_id",
                                                    ["amount:sum", "amount_last_year:sum"])]
        sections.append((self.env._("Sales by Region"),
                         [self.env._("Region"), self.env._("Sales"), self.env._("Last Year"), self.env._("Growth")],
                         rows, {1: "money", 2: "money", 3: "percent"}))
        rows = [(dealer.display_name, dealer.dealer_code or "", amount, last, growth(amount, last))
                for dealer, amount, last in grouped("dealer.sales.analysis", sales_domain, "partner_id",
                                                    ["amount:sum", "amount_last_year:sum"],
                                                    order="amount:sum desc", limit=self.top)]
        sections.append((self.env._("Top Dealers"),
                         [self.env._("Dealer"), self.env._("Code"), self.env._("Sales"), self.env._("Last Year"),
                          self.env._("Growth")], rows, {2: "money", 3: "money", 4: "percent"}))
        rows = [(product.display_name, qty, amount)
                for product, qty, amount in Sales._read_group(sales_domain, ["product_id"], ["qty:sum", "amount:sum"],
                                                              order="amount:sum desc", limit=self.top)]
        sections.append((self.env._("Top Products"),
                         [self.env._("Product"), self.env._("Quantity"), self.env._("Sales")], rows,
                         {1: "qty", 2: "money"}))
        promotions = self.env["dealer.promotion.report"].search(
            company + [("date", ">=", first), ("date", "<", after)], order="benefit_amount desc")
        rows = [(p.promotion_id.display_name, p.order_count, p.dealer_count, p.discount_amount, p.free_amount,
                 p.benefit_amount, p.sales_amount, p.cost_percent / 100.0,
                 p.budget or None, p.budget_used_percent / 100.0 if p.budget else None) for p in promotions]
        sections.append((self.env._("Promotion Cost"),
                         [self.env._("Promotion"), self.env._("Orders"), self.env._("Dealers"),
                          self.env._("Discounts"), self.env._("Free Goods Value"), self.env._("Benefit"),
                          self.env._("Orders' Sales"), self.env._("Cost (%)"), self.env._("Budget"),
                          self.env._("Budget Used (%)")], rows,
                         {3: "money", 4: "money", 5: "money", 6: "money", 7: "percent", 8: "money", 9: "percent"}))
        exposure = self.env["dealer.credit.exposure"].search(
            company, order="overdue_amount desc, receivable_amount desc")
        rows = [(e.partner_id.display_name, e.dealer_region_id.display_name or "", e.cash_balance, e.rebate_balance,
                 e.credit_limit + e.quota_amount, e.credit_used, e.credit_available,
                 self.env._("Yes") if e.over_limit else "", e.receivable_amount, e.current_amount, e.overdue_1_30,
                 e.overdue_31_60, e.overdue_61_90, e.overdue_90) for e in exposure]
        sections.append((self.env._("Credit Exposure"),
                         [self.env._("Dealer"), self.env._("Region"), self.env._("Cash Balance"),
                          self.env._("Rebate Balance"), self.env._("Credit Limit"), self.env._("Credit Used"),
                          self.env._("Credit Available"), self.env._("Over Limit"), self.env._("Receivables"),
                          self.env._("Not Due"), self.env._("1-30 Days Overdue"), self.env._("31-60 Days Overdue"),
                          self.env._("61-90 Days Overdue"), self.env._("Over 90 Days Overdue")], rows,
                         dict.fromkeys((2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13), "money")))
        flows = dict(self.env["dealer.review.kpi"]._fields["dealer_flow"]._description_selection(self.env))
        kpis = self.env["dealer.review.kpi"].search(company + [("date", "=", first)], order="dealer_flow")
        rows = [(flows.get(k.dealer_flow, k.dealer_flow or ""), k.submitted_count, k.auto_approved_count,
                 k.auto_approved_percent / 100.0, k.held_count, k.rejected_count, k.pending_count,
                 k.decision_median_hours, k.decision_p90_hours) for k in kpis]
        sections.append((self.env._("Review KPIs"),
                         [self.env._("Order Flow"), self.env._("Submitted"), self.env._("Approved Automatically"),
                          self.env._("Approved Automatically (%)"), self.env._("Held by a Rule"),
                          self.env._("Rejected"), self.env._("Still Held"), self.env._("Median Hours to Decision"),
                          self.env._("P90 Hours to Decision")], rows, {3: "percent", 7: "qty", 8: "qty"}))
        rebates = self.env["dealer.rebate.report"].search(
            company + [("date_from", "<", after), ("date_to", ">=", first)], order="policy_id, partner_id")
        rows = [(r.policy_id.display_name, r.period_label or "", r.partner_id.display_name, r.accrued_amount,
                 r.to_credit_amount, r.credited_amount) for r in rebates]
        sections.append((self.env._("Rebates"),
                         [self.env._("Policy"), self.env._("Period"), self.env._("Dealer"), self.env._("Accrued"),
                          self.env._("Settled, To Credit"), self.env._("Credited")], rows,
                         {3: "money", 4: "money", 5: "money"}))
        return sections

    def _get_xlsx(self):
        self.ensure_one()
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
        for name, headers, rows, column_formats in self._sections():
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
