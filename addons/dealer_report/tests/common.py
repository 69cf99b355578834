from datetime import datetime

from odoo import Command, fields
from odoo.tools import SQL

from odoo.addons.dealer_order.tests.common import DealerOrderCommon
from odoo.addons.dealer_report.models.dealer_sales_analysis import ROLLUP_TABLE


class DealerReportCommon(DealerOrderCommon):
    """dealer_order's fixture (regions East ⊃ East 1, East 2 and West; a branch, dealers
    below it; two products at 100 and 50) plus: a second dealer in East 2 of another tier,
    a customer that is not a dealer, a second company, an order currency at 2 per unit of
    the company's, and the company in the Asia/Shanghai time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.Analysis = env["dealer.sales.analysis"]
        cls.tier_a = env["dealer.tier"].create({"name": "报表A级", "code": "REP_A"})
        cls.tier_b = env["dealer.tier"].create({"name": "报表B级", "code": "REP_B"})
        cls.type_ka = env["dealer.type"].create({"name": "报表KA", "code": "REP_KA"})
        cls.dealer.write({"dealer_tier_id": cls.tier_a.id, "dealer_type_id": cls.type_ka.id})
        cls.dealer2 = cls._create_dealer("报表经销商乙", cls.level_l1, cls.state_e2, parent=cls.branch,
                                         dealer_tier_id=cls.tier_b.id)
        cls._authorize(cls.dealer2, cls.region_e2)
        cls.dealer2._dealer_grant_products(cls.items)
        cls.customer = env["res.partner"].create({"name": "报表普通客户", "is_company": True,
                                                   "state_id": cls.state_e1.id})
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        cls.pricelist_eur = env["product.pricelist"].create({
            "name": "EUR", "currency_id": cls.eur.id, "company_id": cls.company.id,
        })

    @classmethod
    def _confirmed(cls, partner, when, lines, **vals):
        """A confirmed order of ``lines`` [(product, qty, price)] dated ``when`` (UTC)."""
        when = fields.Datetime.to_datetime(when)
        order = cls._create_order(partner=partner, lines=lines, date_order=when, **vals)
        order.action_confirm()
        order.date_order = when
        return order

    @staticmethod
    def _month(value):
        return fields.Date.to_date(value).replace(day=1)

    def _rows(self, **domain):
        """{(partner, company, month, product): (qty, amount, qty_last_year, amount_last_year)}"""
        terms = [(key, "=", value) for key, value in domain.items()]
        return {
            (row.partner_id, row.company_id, row.date, row.product_id):
                (row.qty, row.amount, row.qty_last_year, row.amount_last_year)
            for row in self.Analysis.search(terms)
        }


    def _analysis_snapshot(self):
        """Every row of the analysis and of its dealer × month rollup, all columns but the id,
        sorted: ``(analysis rows, rollup rows)``, to compare two rebuilds exactly."""
        self.env.flush_all()
        snapshot = []
        for table in ("dealer_sales_analysis", ROLLUP_TABLE):
            self.env.cr.execute(SQL("SELECT column_name FROM information_schema.columns "
                                    "WHERE table_name = %s AND column_name != 'id' ORDER BY column_name", table))
            columns = [row[0] for row in self.env.cr.fetchall()]
            self.env.cr.execute(SQL("SELECT %s FROM %s", SQL(", ").join(map(SQL.identifier, columns)),
                                    SQL.identifier(table)))
            snapshot.append(sorted(self.env.cr.fetchall(), key=repr))
        return tuple(snapshot)


def utc(*args):
    return datetime(*args)


__all__ = ["Command", "DealerReportCommon", "utc"]
