from odoo import fields, models
from odoo.tools import SQL


class DealerPromotionReport(models.Model):
    """Cost and reach of each promotion per month of confirmation (company currency):
    the orders and dealers it reached, the benefit granted (discounts and free goods),
    the budget used up to that month, and the cost as a share of those orders' sales
    (untaxed, after the promotions)."""

    _name = "dealer.promotion.report"
    _inherit = "dealer.report.view.mixin"
    _description = "Dealer Promotion Cost and Reach"
    _auto = False
    _order = "date desc, promotion_id"
    _rec_name = "promotion_id"

    promotion_id = fields.Many2one("dealer.promotion", readonly=True)
    promotion_root_id = fields.Many2one("dealer.promotion", string="Promotion (First Version)", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    order_count = fields.Integer(string="Orders", readonly=True)
    dealer_count = fields.Integer(string="Dealers", readonly=True, help="Dealers reached in the month.")
    discount_amount = fields.Monetary(string="Discounts", readonly=True)
    free_amount = fields.Monetary(string="Free Goods Value", readonly=True)
    free_qty = fields.Float(string="Free Units", readonly=True, digits="Product Unit of Measure")
    benefit_amount = fields.Monetary(string="Benefit", readonly=True, help="Discounts plus free goods value.")
    sales_amount = fields.Monetary(string="Orders' Sales", readonly=True,
                                   help="Untaxed total of the orders that got the promotion, after promotions.")
    cost_percent = fields.Float(string="Cost (%)", readonly=True, aggregator="avg", digits=(16, 2),
                                help="Benefit as a percentage of the orders' sales, in the month.")
    budget = fields.Monetary(readonly=True, aggregator="max", help="0 = no limit.")
    budget_used = fields.Monetary(string="Budget Used (to date)", readonly=True, aggregator="max",
                                  help="Benefit granted since the start of the promotion, up to this month.")
    budget_used_percent = fields.Float(string="Budget Used (%)", readonly=True, aggregator="max", digits=(16, 2))

    def _query(self):
        return SQL("""
            WITH usage AS (
                SELECT u.id, u.promotion_id, u.company_id, date_trunc('month', u.date)::date AS month,
                       u.sale_order_id, u.partner_id, u.amount, u.discount_amount, u.free_amount, u.free_qty
                  FROM dealer_promotion_usage u
            ), sales AS (
                SELECT o.promotion_id, o.month,
                       SUM(s.amount_untaxed / CASE COALESCE(s.currency_rate, 0) WHEN 0 THEN 1.0
                                                   ELSE s.currency_rate END) AS sales_amount
                  FROM (SELECT DISTINCT promotion_id, month, sale_order_id FROM usage) o
                  JOIN sale_order s ON s.id = o.sale_order_id
              GROUP BY o.promotion_id, o.month
            ), months AS (
                SELECT MIN(u.id) AS id, u.promotion_id, u.company_id, u.month,
                       COUNT(DISTINCT u.sale_order_id) AS order_count,
                       COUNT(DISTINCT u.partner_id) AS dealer_count,
                       SUM(u.discount_amount) AS discount_amount, SUM(u.free_amount) AS free_amount,
                       SUM(u.free_qty) AS free_qty, SUM(u.amount) AS benefit_amount
                  FROM usage u
              GROUP BY u.promotion_id, u.company_id, u.month
            )
            SELECT m.id, m.promotion_id, promotion.root_id AS promotion_root_id, m.company_id,
                   company.currency_id, m.month AS date, m.order_count, m.dealer_count,
                   m.discount_amount, m.free_amount, m.free_qty, m.benefit_amount,
                   sales.sales_amount,
                   CASE WHEN COALESCE(sales.sales_amount, 0) = 0 THEN 0
                        ELSE 100.0 * m.benefit_amount / sales.sales_amount END AS cost_percent,
                   promotion.budget,
                   SUM(m.benefit_amount) OVER (PARTITION BY m.promotion_id ORDER BY m.month) AS budget_used,
                   CASE WHEN COALESCE(promotion.budget, 0) = 0 THEN 0
                        ELSE 100.0 * SUM(m.benefit_amount) OVER (PARTITION BY m.promotion_id ORDER BY m.month)
                             / promotion.budget END AS budget_used_percent
              FROM months m
              JOIN dealer_promotion promotion ON promotion.id = m.promotion_id
              JOIN res_company company ON company.id = m.company_id
         LEFT JOIN sales ON sales.promotion_id = m.promotion_id AND sales.month = m.month
        """)
