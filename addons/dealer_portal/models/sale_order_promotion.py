from odoo import models
from odoo.tools import float_compare, float_round

from odoo.addons.dealer_base.tools import format_qty
from odoo.addons.dealer_promotion.tools import promotion_engine as engine


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """The promotions of a cart or a dealer order explained in the portal, and the hint of the
    next threshold within reach."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # The promotions of a cart or an order, explained to the dealer
    # ------------------------------------------------------------------
    def _dealer_portal_promotion_details(self, amounts):
        """The promotions the order got, per promotion and per rule, from the explanations the
        engine wrote when the promotions were last applied (``dealer.promotion.result``).

        The money of a promotion is what its lines change on this order in the company's price
        convention (``amounts``: :meth:`_dealer_portal_amounts`): its discount lines and the value
        of its free goods, so that the promotions add up to the summary. The rule's arithmetic
        (base, computation) is the engine's, on untaxed amounts, and is labelled so.

        :return: ``[{"promotion", "discount", "free": [(line, value)], "rules": [result]}]``
        """
        self.ensure_one()
        results = self.dealer_promotion_result_ids
        if not results:
            return []
        discount_by_promotion, free_by_promotion = {}, {}
        for line, value in amounts["discount_lines"]:
            promotion = line.dealer_promotion_id
            discount_by_promotion[promotion] = discount_by_promotion.get(promotion, 0.0) + value
        for line, value in amounts["free"]:
            free_by_promotion.setdefault(line.dealer_promotion_id, []).append((line, value))
        details, index = [], {}
        for result in results:
            promotion = result.promotion_id
            if promotion not in index:
                index[promotion] = len(details)
                details.append({
                    "promotion": promotion,
                    "discount": discount_by_promotion.get(promotion, 0.0),
                    "free": free_by_promotion.get(promotion, []),
                    "rules": [],
                })
            details[index[promotion]]["rules"].append(result)
        return details

    def _dealer_portal_line_promotions(self):
        """``{order line id: promotions}``: the promotions applied on the order whose rule targets
        the product line (its products or categories; every line when the rule names none)."""
        self.ensure_one()
        Promotion = self.env["dealer.promotion"]
        results = self.dealer_promotion_result_ids.filtered("rule_id")
        if not results:
            return {}
        # the engine's own targeting, on the engine's lines (plain ids: matching results × lines
        # on recordsets cost ~1 ms per promotion on a 50-line cart)
        core_lines = self._dealer_promotion_core_lines(self._dealer_portal_product_lines())
        promotion_ids = {}
        for result in results:
            rule = result.rule_id
            target = engine.Rule(product_ids=frozenset(rule.product_ids.ids), categ_ids=frozenset(rule.categ_ids.ids))
            for line in engine.targeted_lines(target, core_lines):
                promotion_ids.setdefault(line.key, []).append(result.promotion_id.id)
        prefetch = results.promotion_id._prefetch_ids  # one read of their names for the page
        return {
            line_id: Promotion.browse(dict.fromkeys(ids)).with_prefetch(prefetch)  # results' order, each once
            for line_id, ids in promotion_ids.items()
        }

    def _dealer_portal_threshold_hints(self):
        """How much more the dealer would order to reach a promotion's next step, when that is
        near (within the company's hint distance of the step): a threshold of a rule, or the
        minimum amount of a rule that does not apply yet.

        The engine evaluates the order as it is (nothing is written). The steps are defined on
        untaxed amounts; in the tax-included convention the missing amount is converted at the
        tax rate of the targeted lines.

        :return: ``[{"promotion", "rule", "missing", "benefit", "target", "text"}]``, nearest step
            first, at most one per rule (``text``: the sentence the cart shows)
        """
        self.ensure_one()
        company = self.company_id or self.env.company
        distance = company.dealer_portal_threshold_hint / 100.0
        if self.state not in ("draft", "sent") or not self.dealer_id or distance <= 0:
            return []
        evaluation, base_lines = self._dealer_promotion_evaluate()
        rounding = evaluation.rounding
        included = self._dealer_portal_tax_included()
        excluded = {result.promotion.id for result in evaluation.results if result.reason == engine.REASON_EXCLUSIVE}
        steps = []
        for result in evaluation.results:
            if result.promotion.id in excluded or result.reason == engine.REASON_CAPPED_OUT:
                continue
            for rule_result in result.rules:
                rule = rule_result.rule
                if rule.benefit_type == engine.FREE_PRODUCT or \
                        rule_result.reason not in ("", engine.REASON_MIN_AMOUNT, engine.REASON_THRESHOLD):
                    continue
                if rule_result.base_qty + 1e-9 < rule.min_qty or not rule_result.base_qty:
                    continue
                step = self._dealer_portal_next_step(rule, rule_result.base, rounding)
                if not step:
                    continue
                target, value = step
                missing = target - rule_result.base
                if float_compare(missing, target * distance, precision_rounding=rounding) > 0:
                    continue
                steps.append((missing, result.promotion.id, rule, value))
        if not steps:
            return []
        steps.sort(key=lambda step: step[0])
        promotions = self.env["dealer.promotion"].browse([step[1] for step in steps])
        promotions.fetch(["name"])
        hints = []
        for missing, promotion_id, rule, value in steps:
            targets = base_lines.filtered(
                lambda line, rule=rule: (not rule.product_ids and not rule.categ_ids)
                or line.product_id.id in rule.product_ids
                or bool(rule.categ_ids & {int(c) for c in (line.product_id.categ_id.parent_path or "").split("/")
                                          if c})
            )
            if included:
                untaxed, total = sum(targets.mapped("price_subtotal")), sum(targets.mapped("price_total"))
                if untaxed:
                    missing = missing * total / untaxed
            record = self.env["dealer.promotion.rule"].browse(rule.id)
            names = (record.product_ids.mapped("display_name") + record.categ_ids.mapped("display_name"))
            promotion = self.env["dealer.promotion"].browse(promotion_id)
            # rounded up: ordering this much more does reach the step
            missing = float_round(missing, precision_rounding=self.currency_id.rounding, rounding_method="UP")
            benefit = (self.env._("%(value)s%% off", value=format_qty(value, 0.0001))
                       if rule.benefit_type == engine.PERCENT else
                       self.env._("%(amount)s off", amount=self.currency_id.format(value)))
            target = ", ".join(names[:3]) + ("…" if len(names) > 3 else "")
            values = {"amount": self.currency_id.format(missing), "benefit": benefit, "promotion": promotion.name,
                      "target": target}
            hints.append({
                "promotion": promotion,
                "rule": record,
                "missing": missing,
                "benefit": benefit,
                "target": target,
                "text": self.env._("Order %(amount)s more of %(target)s to get %(benefit)s (%(promotion)s).", **values)
                if target else self.env._("Order %(amount)s more to get %(benefit)s (%(promotion)s).", **values),
            })
        return hints

    def _dealer_portal_next_step(self, rule, base, rounding):
        """``(untaxed base to reach, value given there)`` of the next step of an engine rule
        above ``base``, or None: the lowest amount above ``base`` from which the rule applies
        with a better value than it gives at ``base``."""
        if rule.thresholds:
            candidates = sorted({max(threshold.min_amount, rule.min_amount) for threshold in rule.thresholds})
        else:
            candidates = [rule.min_amount] if rule.min_amount else []
        for target in candidates:
            if float_compare(target, base, precision_rounding=rounding) <= 0:
                continue
            if not rule.thresholds:
                return target, rule.value
            reached = [t for t in rule.thresholds
                       if float_compare(t.min_amount, target, precision_rounding=rounding) <= 0]
            if reached:
                return target, max(reached, key=lambda t: t.min_amount).value
        return None

