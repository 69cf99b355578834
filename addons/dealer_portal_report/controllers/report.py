from datetime import date

from odoo import fields, http
from odoo.http import request
from odoo.osv import expression

from odoo.addons.dealer_base.tools import format_qty, parse_id
from odoo.addons.dealer_portal.controllers.portal import DealerCustomerPortal
from odoo.addons.dealer_rebate.tools import period_label


class DealerReportPortal(DealerCustomerPortal):
    """The dealer's own figures in the mall: purchases by month and category against last year,
    and the progress of its rebates. Read-only; what a dealer reads is what the record rules
    let it read (its own rows of the sales analysis and its own rebate accruals)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dealer_rebate_progress_count" in counters:
            values["dealer_rebate_progress_count"] = request.env["dealer.rebate.accrual"].search_count(
                [("period_state", "=", "open")]) if self._dealer_portal_dealer() else 0
        return values

    def _dealer_report_year(self, year):
        """The year asked for: this year when missing, not a number or out of range."""
        this_year = fields.Date.context_today(request.env.user).year
        year = parse_id(year)
        return year if year and this_year - 10 <= year <= this_year else this_year

    @http.route("/my/purchases", type="http", auth="user", website=True, readonly=True)
    def dealer_purchases(self, year=None, **kw):
        self._dealer_portal_require_dealer()
        year = self._dealer_report_year(year)
        Analysis = request.env["dealer.sales.analysis"]
        domain = [("date", ">=", date(year, 1, 1)), ("date", "<=", date(year, 12, 1))]
        measures = ["amount:sum", "amount_last_year:sum", "qty:sum"]
        months = [
            {"month": month, "amount": amount, "amount_last_year": last_year, "qty": qty,
             "growth": self._dealer_report_growth(amount, last_year)}
            for month, amount, last_year, qty in Analysis._read_group(domain, ["date:month"], measures)
        ]
        categories = [
            {"category": category, "amount": amount, "amount_last_year": last_year, "qty": qty,
             "growth": self._dealer_report_growth(amount, last_year)}
            for category, amount, last_year, qty in Analysis._read_group(domain, ["categ_id"], measures)
        ]
        categories.sort(key=lambda row: -row["amount"])
        total = sum(row["amount"] for row in months)
        total_last_year = sum(row["amount_last_year"] for row in months)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_purchases",
            "year": year,
            "years": list(range(fields.Date.context_today(request.env.user).year, year - 3, -1)),
            "months": sorted(months, key=lambda row: row["month"], reverse=True),
            # sudo: the names of the categories of the dealer's own rows (portal users do not
            # read product categories)
            "categories": [dict(row, name=row["category"].sudo().display_name if row["category"] else None)
                           for row in categories],
            "total": total,
            "total_last_year": total_last_year,
            "total_growth": self._dealer_report_growth(total, total_last_year),
            "currency": request.env.company.currency_id,
            "refreshed_at": Analysis.sudo()._get_refreshed_at(),  # sudo: a system parameter
        })
        return request.render("dealer_portal_report.portal_dealer_purchases", values)

    @staticmethod
    def _dealer_report_growth(amount, last_year):
        """Growth in percent over last year, None without sales last year."""
        return (amount - last_year) / last_year * 100.0 if last_year > 0 else None

    @http.route("/my/rebates", type="http", auth="user", website=True, readonly=True)
    def dealer_rebates(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_rebates",
            "progress": self._dealer_rebate_progress(dealer),
            "dealer_format_rate": lambda rate: format_qty(rate, 0.01),
        })
        return request.render("dealer_portal_report.portal_dealer_rebates", values)

    def _dealer_rebate_progress(self, dealer):
        """One dict per active rebate policy of the dealer, this period: the policy, its period,
        the base so far, the rate reached and accrued rebate, what is missing to the next
        threshold and its rate. From the dealer's own accruals (record rules); a policy the dealer
        is eligible for without an accrual yet (nothing bought this period) starts at 0."""
        accruals = request.env["dealer.rebate.accrual"].search(
            [("period_state", "=", "open")], order="date_from, policy_id")
        # sudo: the accruals are the dealer's own (record rule); portal users do not read policies
        accruals = accruals.sudo()
        rows = [{
            "policy": accrual.policy_id, "period": accrual.period_label, "date_to": accrual.date_to,
            "base": accrual.base_amount, "rate": accrual.rate, "amount": accrual.amount,
            "gap": accrual.gap_amount, "next_rate": accrual.next_rate, "currency": accrual.currency_id,
            "kind": accrual.kind, "refreshed_on": accrual.refreshed_on,
        } for accrual in accruals]
        seen = accruals.policy_id
        Policy = request.env["dealer.rebate.policy"].sudo()  # sudo: the policies the dealer is eligible for
        today = fields.Date.context_today(request.env.user)
        domain = expression.AND([Policy._dealer_eligibility_domain(dealer), [
            ("id", "not in", seen.ids), ("company_id", "in", request.env.user.company_ids.ids),
            ("kind", "in", ("volume", "category", "freight")), ("threshold_ids", "!=", False),
            "|", ("date_start", "=", False), ("date_start", "<=", today),
            "|", ("date_end", "=", False), ("date_end", ">=", today),
        ]])
        Accrual = request.env["dealer.rebate.accrual"]
        for policy in Policy.search(domain):
            (date_from, date_to), _state = next(
                (period for period in Accrual.sudo()._open_periods(policy, today) if period[1] == "open"),
                (None, None))
            if not date_from:
                continue
            first = policy.threshold_ids.sorted(lambda threshold: (threshold.min_amount, threshold.id))[:1]
            rows.append({
                "policy": policy, "period": period_label(date_from, policy.period), "date_to": date_to,
                "base": 0.0, "rate": 0.0, "amount": 0.0, "gap": first.min_amount, "next_rate": first.rate,
                "currency": policy.currency_id, "kind": policy.kind, "refreshed_on": False,
            })
        for row in rows:
            # the share of the way to the next threshold (all the way when none is left)
            reach = max(row["base"], 0.0) + row["gap"]
            row["progress"] = int(max(row["base"], 0.0) / reach * 100) if row["gap"] > 0 and reach else 100
        return rows
