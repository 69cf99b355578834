from odoo import api, fields, models
from odoo.osv import expression

HOME_PROMOTIONS = 5  # promotions listed on a dealer's home page (the others are counted)


class DealerPromotion(models.Model):
    _inherit = "dealer.promotion"

    @api.model
    def _dealer_portal_home_promotions(self, dealer, limit=HOME_PROMOTIONS):
        """The promotions running today in the current company that have a rule for ``dealer``,
        ending soonest first, for the dealer's home page.

        A promotion is listed when one of its rules is for the dealer (``dealer.eligibility.mixin``:
        tier, type, level, sales mode, region, the dealer itself), it is active, valid on the
        dealer's day, in the company's currency, and its budget is not used up. A rule for first
        orders only is left out once the dealer has a confirmed order.

        :return: ``(promotions, total)``: at most ``limit`` of the ``total`` promotions found, as
            ``{"name", "date_to", "rules": [(benefit, target) of its rules for the dealer]}``
            (plain values: the page never holds a promotion record the dealer cannot read)
        """
        company = self.env.company
        today = fields.Date.context_today(self)
        # sudo: portal dealers read no promotion (their orders show the ones applied); the home
        # page tells a dealer the names and benefits of those open to it, nothing else
        Rule = self.env["dealer.promotion.rule"].sudo()
        # the conditions of the promotion engine's candidate rules (sale.order's
        # _dealer_promotion_candidate_rule_ids), without the order's products
        domain = expression.AND([Rule._dealer_eligibility_domain(dealer), [
            ("promotion_id.state", "=", "active"), ("promotion_id.is_template", "=", False),
            ("promotion_id.company_id", "=", company.id), ("promotion_id.currency_id", "=", company.currency_id.id),
            ("promotion_id.date_from", "<=", today), ("promotion_id.date_to", ">=", today),
        ]])
        # a confirmed order of the dealer, as the engine counts it (_dealer_promotion_core_dealer)
        if self.env["sale.order"].sudo().search_count([("dealer_id", "=", dealer.id), ("state", "=", "sale")], limit=1):
            domain = expression.AND([domain, [("first_order_only", "=", False)]])
        rules = Rule.search(domain)
        promotions = rules.promotion_id.filtered(
            lambda promotion: not promotion.budget
            or company.currency_id.compare_amounts(promotion.budget_used, promotion.budget) < 0
        ).sorted(lambda promotion: (promotion.date_to, promotion.priority, promotion.id))
        shown = {promotion.id: {"name": promotion.name, "date_to": promotion.date_to, "rules": []}
                 for promotion in promotions[:limit]}
        # the shown promotions' rules on their own: their summaries read their products' names,
        # which would otherwise be fetched for every rule found
        for rule in Rule.browse([rule.id for rule in rules if rule.promotion_id.id in shown]):
            shown[rule.promotion_id.id]["rules"].append((rule._summary_benefit(), rule._summary_target()))
        return list(shown.values()), len(promotions)
