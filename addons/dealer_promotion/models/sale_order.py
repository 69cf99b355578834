import dataclasses
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, formatLang

from odoo.addons.dealer_base.tools import format_qty

from ..tools import promotion_engine as engine

# the dealer conditions of a rule, in the order the explanations list them
DEALER_CONDITIONS = ("tier_ids", "type_ids", "level_ids", "sales_mode_ids", "region_ids", "partner_ids")

# order fields whose change makes the applied promotions outdated
ORDER_TRIGGER_FIELDS = {"partner_id", "pricelist_id", "date_order", "company_id", "fiscal_position_id"}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_promotion_result_ids = fields.One2many(
        "dealer.promotion.result", "order_id", string="Promotion Details", copy=False, readonly=True,
    )
    dealer_promotion_usage_ids = fields.One2many(
        "dealer.promotion.usage", "sale_order_id", string="Promotion Usage", copy=False, readonly=True,
    )
    promotion_discount_amount = fields.Monetary(
        string="Promotion Benefit", compute="_compute_promotion_discount_amount", store=True,
        help="Total benefit of the dealer promotions on this order: discounts plus value of the free goods.",
    )
    dealer_promotion_outdated = fields.Boolean(
        string="Promotions Outdated", copy=False, readonly=True,
        help="The order changed since promotions were last applied; they are applied again at "
        "confirmation or with the Apply Promotions button.",
    )
    dealer_promotion_date = fields.Datetime(
        string="Promotions Applied On", copy=False, readonly=True,
    )

    @api.depends("dealer_promotion_result_ids.benefit")
    def _compute_promotion_discount_amount(self):
        for order in self:
            order.promotion_discount_amount = sum(order.dealer_promotion_result_ids.mapped("benefit"))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if ORDER_TRIGGER_FIELDS.intersection(vals) and not self.env.context.get("dealer_promotion_apply"):
            self._dealer_promotion_mark_outdated()
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default and "order_line" in default:
            return vals_list
        # a copy gets its own promotions when they are applied, not the original's
        for order, vals in zip(self, vals_list, strict=True):
            copied = order.order_line.filtered(lambda line: not line.is_downpayment)
            if copied.dealer_promotion_id and len(vals.get("order_line", [])) == len(copied):
                pairs = zip(vals["order_line"], copied, strict=True)
                vals["order_line"] = [command for command, line in pairs if not line.dealer_promotion_id]
        return vals_list

    def _dealer_promotion_mark_outdated(self):
        # orders that were given promotions count too: a customer who is no
        # longer a dealer must lose them
        orders = self.filtered(
            lambda o: (o.dealer_id or o.dealer_promotion_date) and o.state in ("draft", "sent")
            and not o.dealer_promotion_outdated
        )
        if orders:
            orders.with_context(dealer_promotion_apply=True).write({"dealer_promotion_outdated": True})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_apply_promotions(self):
        """(Re)compute the dealer promotions of the orders.

        Idempotent: the promotion lines and explanations of the previous
        application are replaced (lines that do not change are kept as they
        are). Only quotations can get promotions; confirmed orders keep the
        ones frozen at confirmation.
        """
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(self.env._(
                    "Promotions of %(order)s were frozen when it was confirmed: they cannot be applied again.",
                    order=order.name,
                ))
        for order in self:
            order._dealer_promotion_apply()
        return True

    def action_preview_promotions(self):
        """What the promotions would give now, without changing the order."""
        self.ensure_one()
        wizard = self.env["dealer.promotion.preview"].create({"order_id": self.id})
        return wizard.action_refresh()

    def action_confirm(self):
        # the engine runs once more when the order changed since it last ran
        self._dealer_promotion_apply_outdated()
        return super().action_confirm()

    def action_quotation_send(self):
        # the quotation the dealer receives shows the promotions of its current lines
        self._dealer_promotion_apply_outdated()
        return super().action_quotation_send()

    def _dealer_promotion_apply_outdated(self):
        outdated = self.filtered(
            lambda o: o.state in ("draft", "sent") and (
                o.dealer_promotion_outdated or (o.dealer_id and not o.dealer_promotion_date)
            )
        )
        if outdated:
            outdated.action_apply_promotions()

    def _action_confirm(self):
        res = super()._action_confirm()
        self._dealer_promotion_freeze()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        usages = self.dealer_promotion_usage_ids
        if usages:
            promotions = usages.promotion_id
            promotions._lock_for_usage()
            amounts = defaultdict(float)
            for usage in usages:
                amounts[usage.promotion_id.id] -= usage.amount
            promotions._add_budget_used(amounts)
            # sudo: usage rows are the engine's bookkeeping of orders the user may cancel
            usages.sudo().unlink()
        self.filtered("dealer_id").with_context(dealer_promotion_apply=True).write({"dealer_promotion_outdated": True})
        return res

    # ------------------------------------------------------------------
    # Confirmation: caps and budgets under lock, then usage
    # ------------------------------------------------------------------
    def _dealer_confirmation_errors(self):
        errors = super()._dealer_confirmation_errors()
        errors.extend(self._dealer_promotion_confirmation_errors())
        return errors

    def _dealer_catalog_lines(self):
        # promotion lines are given by the brand, not ordered: no pool / MOQ check
        return super()._dealer_catalog_lines().filtered(lambda line: not line.dealer_promotion_id)

    def _dealer_promotion_benefits(self):
        """{promotion: {"amount", "discount", "free_amount", "free_qty"}} of the applied results."""
        self.ensure_one()
        benefits = defaultdict(lambda: defaultdict(float))
        for result in self.dealer_promotion_result_ids:
            values = benefits[result.promotion_id]
            values["amount"] += result.benefit
            values["discount"] += result.discount_amount
            values["free_amount"] += result.free_amount
            values["free_qty"] += result.free_qty
        return benefits

    def _dealer_promotion_confirmation_errors(self):
        """Check validity, per-dealer allowance and budget of the applied promotions.

        The promotion rows are locked first (FOR UPDATE) so that two orders
        confirmed at the same time cannot both spend the last part of a budget.
        """
        self.ensure_one()
        benefits = self._dealer_promotion_benefits()
        if not benefits:
            return []
        promotions = self.env["dealer.promotion"].union(*benefits)
        promotions._lock_for_usage()
        promotions.invalidate_recordset(["budget_used", "state", "date_from", "date_to", "budget",
                                         "max_discount_per_dealer"])
        dealer_used = self._dealer_promotion_dealer_used(promotions.ids)
        date = self._dealer_promotion_order_date()
        currency = self.currency_id
        errors = []
        for promotion, values in benefits.items():
            amount = values["amount"]
            if promotion.state != "active" or not promotion.date_from <= date <= promotion.date_to:
                errors.append(self.env._(
                    "Promotion %(promotion)s no longer applies to this order (it is %(state)s or outside its dates): "
                    "apply promotions again.",
                    promotion=promotion.display_name, state=promotion._state_label(),
                ))
                continue
            if promotion.budget > 0:
                remaining = promotion.budget - promotion.budget_used
                if currency.compare_amounts(amount, remaining) > 0:
                    errors.append(self.env._(
                        "Promotion %(promotion)s has %(remaining)s of budget left, less than the %(amount)s "
                        "this order received: apply promotions again.",
                        promotion=promotion.display_name,
                        remaining=formatLang(self.env, max(remaining, 0.0), currency_obj=currency),
                        amount=formatLang(self.env, amount, currency_obj=currency),
                    ))
                    continue
            if promotion.max_discount_per_dealer > 0:
                remaining = promotion.max_discount_per_dealer - dealer_used.get(promotion.id, 0.0)
                if currency.compare_amounts(amount, remaining) > 0:
                    errors.append(self.env._(
                        "Promotion %(promotion)s: %(dealer)s has %(remaining)s of its allowance left, less than "
                        "the %(amount)s this order received: apply promotions again.",
                        promotion=promotion.display_name, dealer=self.dealer_id.display_name,
                        remaining=formatLang(self.env, max(remaining, 0.0), currency_obj=currency),
                        amount=formatLang(self.env, amount, currency_obj=currency),
                    ))
        return errors

    def _dealer_promotion_freeze(self):
        """Record the benefit of every applied promotion of the confirmed orders."""
        vals_list, amounts = [], defaultdict(float)
        for order in self.filtered(lambda o: o.dealer_id and o.dealer_promotion_result_ids):
            date = fields.Date.context_today(order, order.date_order)
            for promotion, values in order._dealer_promotion_benefits().items():
                vals_list.append({
                    "promotion_id": promotion.id,
                    "partner_id": order.dealer_id.id,
                    "sale_order_id": order.id,
                    "amount": values["amount"],
                    "discount_amount": values["discount"],
                    "free_amount": values["free_amount"],
                    "free_qty": values["free_qty"],
                    "date": date,
                    "company_id": order.company_id.id,
                })
                amounts[promotion.id] += values["amount"]
        if not vals_list:
            return
        promotions = self.env["dealer.promotion"].browse(list(amounts))
        promotions._lock_for_usage()
        # sudo: usage rows are written by the engine for whoever may confirm the order
        self.env["dealer.promotion.usage"].sudo().create(vals_list)
        promotions._add_budget_used(amounts)

    # ------------------------------------------------------------------
    # Engine feed: dealer, lines, candidates (SQL), one batched read
    # ------------------------------------------------------------------
    def _dealer_promotion_order_date(self):
        self.ensure_one()
        return fields.Date.context_today(self, self.date_order or fields.Datetime.now())

    def _dealer_promotion_base_lines(self):
        """Order lines the promotions are computed on: product lines, no promotion line."""
        self.ensure_one()
        return self.order_line.filtered(
            lambda line: line.product_id and not line.display_type and not line.is_downpayment
            and not line.dealer_promotion_id
        )

    def _dealer_promotion_tax_key(self, line):
        # fixed taxes cannot be discounted (as in Odoo's discount wizard)
        taxes = line.tax_id.flatten_taxes_hierarchy().filtered(lambda tax: tax.amount_type != "fixed")
        return tuple(sorted(taxes.ids))

    def _dealer_promotion_core_lines(self, lines):
        core_lines, tax_keys = [], {}
        for line in lines:
            product = line.product_id
            qty = line.product_uom_qty
            if line.product_uom and line.product_uom != product.uom_id:
                qty = line.product_uom._compute_quantity(qty, product.uom_id, round=False)
            categ_path = product.categ_id.parent_path or ""
            taxes = line.tax_id
            tax_ids = tuple(taxes.ids)
            if tax_ids not in tax_keys:
                tax_keys[tax_ids] = self._dealer_promotion_tax_key(line)
            core_lines.append(engine.Line(
                key=line.id,
                product_id=product.id,
                qty=qty,
                subtotal=line.price_subtotal,
                categ_ids=frozenset(int(c) for c in categ_path.split("/") if c),
                tax_key=tax_keys[tax_ids],
            ))
        return core_lines

    def _dealer_promotion_core_dealer(self):
        """The dealer as the engine sees it: the suite's eligibility profile and
        whether it has a confirmed order (hook: add dimensions here)."""
        self.ensure_one()
        profile = self.env["dealer.promotion.rule"]._dealer_eligibility_profile(self.dealer_id)
        self.flush_model(["dealer_id", "state"])
        self.env.cr.execute(SQL(
            "SELECT 1 FROM sale_order WHERE dealer_id = %s AND state = 'sale' AND id != %s LIMIT 1",
            self.dealer_id.id, self.id or 0,
        ))
        return engine.Dealer(**dataclasses.asdict(profile), has_confirmed_order=bool(self.env.cr.fetchone()))

    def _dealer_promotion_candidate_rule_ids(self, dealer, core_lines):
        """Rules that may apply to this order: one SQL query, whatever the number of promotions.

        Semantics 7 (active, dated, company) and the dealer dimensions are
        filtered here; the engine checks everything again on the few
        candidates.
        """
        self.ensure_one()
        product_ids = list({line.product_id for line in core_lines})
        categ_ids = list({categ for line in core_lines for categ in line.categ_ids})
        if not product_ids:
            return []
        date = self._dealer_promotion_order_date()

        Rule = self.env["dealer.promotion.rule"]
        self.env["dealer.promotion"].flush_model()
        Rule.flush_model()
        self.env.cr.execute(SQL(
            """
            SELECT r.id
              FROM dealer_promotion_rule r
              JOIN dealer_promotion p ON p.id = r.promotion_id
             WHERE p.company_id = %(company)s
               AND p.currency_id = %(currency)s
               AND p.state = 'active'
               AND p.active
               AND NOT COALESCE(p.is_template, FALSE)
               AND p.date_from <= %(date)s AND p.date_to >= %(date)s
               AND (NOT COALESCE(r.first_order_only, FALSE) OR NOT %(has_order)s)
               AND %(dealer)s
               AND (r.condition_mask & 96 = 0 OR r.id IN (
                       SELECT rule_id FROM dealer_promotion_rule_product_rel WHERE product_id = ANY(%(products)s)
                        UNION
                       SELECT rule_id FROM dealer_promotion_rule_categ_rel WHERE categ_id = ANY(%(categs)s)
                   ))
            """,
            company=self.company_id.id,
            currency=self.currency_id.id,
            date=date,
            has_order=dealer.has_confirmed_order,
            dealer=Rule._dealer_eligibility_sql(
                "r", Rule._dealer_eligibility_partner_values(self.dealer_id, region_ids=dealer.region_ids),
            ),
            products=product_ids,
            categs=categ_ids,
        ))
        return [row[0] for row in self.env.cr.fetchall()]

    def _dealer_promotion_read(self, rule_ids, dealer):
        """Build engine.Promotion objects for ``rule_ids``: one query for rules,
        thresholds and conditions, one for the dealer's earlier usage."""
        self.ensure_one()
        if not rule_ids:
            return []
        self.env["dealer.promotion.threshold"].flush_model()

        def ids(table, column):
            return SQL(
                "ARRAY(SELECT %(column)s FROM %(table)s x WHERE x.rule_id = r.id)",
                table=SQL.identifier(table), column=SQL.identifier("x", column),
            )

        self.env.cr.execute(SQL(
            """
            SELECT r.id, r.promotion_id, r.sequence, r.first_order_only, r.min_amount, r.min_qty,
                   r.benefit_type, r.value, r.buy_qty, r.free_qty, r.free_product_id,
                   p.priority, p.exclusive, p.max_discount_per_order, p.max_discount_per_dealer,
                   p.budget, p.budget_used,
                   %(tiers)s, %(types)s, %(levels)s, %(sales_modes)s, %(regions)s, %(partners)s,
                   %(products)s, %(categs)s,
                   ARRAY(SELECT ARRAY[t.min_amount::float8, t.value::float8]
                           FROM dealer_promotion_threshold t WHERE t.rule_id = r.id)
              FROM dealer_promotion_rule r
              JOIN dealer_promotion p ON p.id = r.promotion_id
             WHERE r.id = ANY(%(rule_ids)s)
            """,
            tiers=ids("dealer_promotion_rule_tier_rel", "tier_id"),
            types=ids("dealer_promotion_rule_type_rel", "type_id"),
            levels=ids("dealer_promotion_rule_level_rel", "level_id"),
            sales_modes=ids("dealer_promotion_rule_sales_mode_rel", "sales_mode_id"),
            regions=ids("dealer_promotion_rule_region_rel", "region_id"),
            partners=ids("dealer_promotion_rule_partner_rel", "partner_id"),
            products=ids("dealer_promotion_rule_product_rel", "product_id"),
            categs=ids("dealer_promotion_rule_categ_rel", "categ_id"),
            rule_ids=list(rule_ids),
        ))
        rows = self.env.cr.fetchall()
        capped = [row[1] for row in rows if row[14]]
        dealer_used = self._dealer_promotion_dealer_used(capped) if capped else {}
        headers, rules = {}, defaultdict(list)
        for (rule_id, promotion_id, sequence, first_order_only, min_amount, min_qty, benefit_type, value,
             buy_qty, free_qty, free_product_id, priority, exclusive, max_order, max_dealer, budget, budget_used,
             tiers, types, levels, sales_modes, regions, partners, products, categs, thresholds) in rows:
            headers[promotion_id] = (priority, exclusive, max_order, max_dealer, budget, budget_used)
            rules[promotion_id].append(engine.Rule(
                id=rule_id,
                sequence=sequence or 0,
                tier_ids=frozenset(tiers),
                type_ids=frozenset(types),
                level_ids=frozenset(levels),
                sales_mode_ids=frozenset(sales_modes),
                region_ids=frozenset(regions),
                partner_ids=frozenset(partners),
                product_ids=frozenset(products),
                categ_ids=frozenset(categs),
                first_order_only=bool(first_order_only),
                min_amount=float(min_amount or 0.0),
                min_qty=min_qty or 0.0,
                benefit_type=benefit_type,
                value=value or 0.0,
                thresholds=tuple(engine.Threshold(t[0], t[1]) for t in thresholds),
                buy_qty=buy_qty or 0.0,
                free_qty=free_qty or 0.0,
                free_product_id=free_product_id or 0,
            ))
        return [
            engine.Promotion(
                id=promotion_id,
                rules=tuple(rules[promotion_id]),
                priority=priority or 0,
                exclusive=bool(exclusive),
                max_discount_per_order=float(max_order or 0.0),
                max_discount_per_dealer=float(max_dealer or 0.0),
                budget=float(budget or 0.0),
                dealer_used=dealer_used.get(promotion_id, 0.0),
                budget_used=float(budget_used or 0.0),
            )
            for promotion_id, (priority, exclusive, max_order, max_dealer, budget, budget_used) in headers.items()
        ]

    def _dealer_promotion_dealer_used(self, promotion_ids):
        """Benefit the dealer already received from these promotions (all their
        versions) on its other confirmed orders: {promotion id: amount}."""
        self.ensure_one()
        if not promotion_ids or not self.dealer_id:
            return {}
        self.env["dealer.promotion.usage"].flush_model()
        self.env.cr.execute(SQL(
            """
            SELECT p.id, SUM(u.amount)
              FROM dealer_promotion p
              JOIN dealer_promotion_usage u ON u.promotion_root_id = p.root_id
             WHERE p.id = ANY(%s) AND u.partner_id = %s AND u.sale_order_id != %s
          GROUP BY p.id
            """,
            list(set(promotion_ids)), self.dealer_id.id, self.id or 0,
        ))
        return {promotion_id: float(amount) for promotion_id, amount in self.env.cr.fetchall()}

    def _dealer_promotion_free_prices(self, promotions, core_lines):
        """Dealer unit prices of free products that are not on the order (pricelist)."""
        ordered = {line.product_id for line in core_lines}
        missing = {rule.free_product_id for p in promotions for rule in p.rules if rule.free_product_id} - ordered
        if not missing:
            return {}
        products = self.env["product.product"].browse(sorted(missing))
        if self.pricelist_id:
            return self.pricelist_id._get_products_price(
                products, 1.0, currency=self.currency_id, date=self.date_order,
            )
        return {product.id: product.lst_price for product in products}

    def _dealer_promotion_evaluate(self, promotions=None):
        """Run the engine on this order.

        :param promotions: evaluate these promotions only, whatever their
            state, dates and dealer conditions (preview); by default the
            candidates pre-filtered in SQL.
        :return: (engine.Evaluation, base lines recordset)
        """
        self.ensure_one()
        lines = self._dealer_promotion_base_lines()
        core_lines = self._dealer_promotion_core_lines(lines)
        if not self.dealer_id or not core_lines:
            return engine.Evaluation(results=[], rounding=self.currency_id.rounding), lines
        dealer = self._dealer_promotion_core_dealer()
        if promotions is not None:
            rule_ids = promotions.rule_ids.ids
        else:
            rule_ids = self._dealer_promotion_candidate_rule_ids(dealer, core_lines)
        core_promotions = self._dealer_promotion_read(rule_ids, dealer)
        prices = self._dealer_promotion_free_prices(core_promotions, core_lines)
        evaluation = engine.evaluate(dealer, core_lines, core_promotions, prices, self.currency_id.rounding)
        return evaluation, lines

    # ------------------------------------------------------------------
    # Writing the result on the order
    # ------------------------------------------------------------------
    def _dealer_promotion_product(self):
        # the xmlid lookup is cached by the registry (env.ref would also query the
        # product's existence, once per discount line); deleting the product deletes
        # its xmlid and clears that cache
        product_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "dealer_promotion.product_product_dealer_promotion", raise_if_not_found=False)
        product = self.env["product.product"].browse(product_id or [])
        if not product:
            raise UserError(self.env._(
                "The service product used for dealer promotion discounts was deleted: "
                "upgrade the Dealer Promotions module to restore it."
            ))
        return product

    def _dealer_promotion_apply(self):
        self.ensure_one()
        evaluation, base_lines = self._dealer_promotion_evaluate()
        order = self.with_context(dealer_promotion_apply=True, lang=self._get_lang())
        order._dealer_promotion_write_lines(evaluation, base_lines)
        order._dealer_promotion_write_results(evaluation, base_lines)
        order.write({"dealer_promotion_outdated": False, "dealer_promotion_date": fields.Datetime.now()})

    def _dealer_promotion_gross_ratios(self, base_lines):
        """Tax key -> ratio between price_unit amounts and untaxed subtotals.

        1 unless taxes are included in prices: a discount line of price P on
        such taxes has an untaxed subtotal below P, so P is scaled up.
        """
        gross, untaxed = defaultdict(float), defaultdict(float)
        for line in base_lines:
            if any(tax.price_include for tax in line.tax_id):
                key = self._dealer_promotion_tax_key(line)
                gross[key] += line.price_unit * (1 - (line.discount or 0.0) / 100.0) * line.product_uom_qty
                untaxed[key] += line.price_subtotal
        return {key: gross[key] / untaxed[key] for key in gross if untaxed[key]}

    def _prepare_dealer_promotion_discount_line(self, promotion, taxes, amount, ratio, split):
        self.ensure_one()
        name = self.env._("Promotion: %(promotion)s", promotion=promotion.display_name)
        if split:
            name = self.env._(
                "%(name)s (taxes: %(taxes)s)", name=name,
                taxes=", ".join(taxes.mapped("name")) or self.env._("none"),
            )
        return {
            "order_id": self.id,
            "product_id": self._dealer_promotion_product().id,
            "name": name,
            "product_uom_qty": 1.0,
            "price_unit": -self.currency_id.round(amount * ratio),
            "tax_id": [Command.set(taxes.ids)],
            "dealer_promotion_id": promotion.id,
            "dealer_promotion_kind": "discount",
        }

    def _dealer_promotion_discount_distribution(self):
        """The analytic distribution of this order's discount lines.

        What sale computes for each new line (``_compute_analytic_distribution``:
        distribution models matching product, partner and company), computed once for
        all the new discount lines: they have the same product, partner and company.
        """
        self.ensure_one()
        product = self._dealer_promotion_product()
        # sudo: as sale's stored compute of the field does (computed fields run as superuser);
        # salespeople need not read the distribution models
        return self.env["account.analytic.distribution.model"].sudo()._get_distribution({
            "product_id": product.id,
            "product_categ_id": product.categ_id.id,
            "partner_id": self.partner_id.id,
            "partner_category_id": self.partner_id.category_id.ids,
            "company_id": self.company_id.id,
        }) or False

    def _prepare_dealer_promotion_free_line(self, promotion, product, qty, unit_price):
        self.ensure_one()
        return {
            "order_id": self.id,
            "product_id": product.id,
            "name": self.env._(
                "%(product)s\nFree goods: %(promotion)s",
                product=product.display_name, promotion=promotion.display_name,
            ),
            "product_uom_qty": qty,
            "product_uom": product.uom_id.id,
            "price_unit": unit_price,
            "discount": 100.0,
            "dealer_promotion_id": promotion.id,
            "dealer_promotion_kind": "free",
        }

    def _dealer_promotion_write_lines(self, evaluation, base_lines):
        """Make the promotion lines of the order match ``evaluation``.

        Discount lines: one per promotion and tax set of the lines it was
        computed on (as Odoo's discount wizard does). Free goods: one line per
        promotion and product, 100% discounted. Lines that stay the same are
        not rewritten.
        """
        self.ensure_one()
        Promotion = self.env["dealer.promotion"]
        Tax = self.env["account.tax"]
        Product = self.env["product.product"]
        ratios = self._dealer_promotion_gross_ratios(base_lines)
        sequence = max(base_lines.mapped("sequence") or [10]) + 1
        # one browse for all the promotions, so their names are read in one query
        promotions = Promotion.browse([result.promotion.id for result in evaluation.applied])
        wanted = []  # [(key, vals)]
        for result, promotion in zip(evaluation.applied, promotions, strict=True):
            money_by_tax, free = defaultdict(float), {}
            for rule_result in result.applied_rules:
                for tax_key, amount in rule_result.money_by_tax.items():
                    money_by_tax[tax_key] += amount
                for goods in rule_result.free_applied:
                    qty, price = free.get(goods.product_id, (0, goods.unit_price))
                    free[goods.product_id] = (qty + goods.qty, price)
            money_by_tax = {
                key: amount for key, amount in money_by_tax.items()
                if not float_is_zero(amount, precision_rounding=self.currency_id.rounding)
            }
            for tax_key, amount in money_by_tax.items():
                vals = self._prepare_dealer_promotion_discount_line(
                    promotion, Tax.browse(tax_key), amount, ratios.get(tax_key, 1.0), len(money_by_tax) > 1,
                )
                wanted.append(((promotion.id, "discount", tax_key), vals))
            for product_id, (qty, price) in free.items():
                vals = self._prepare_dealer_promotion_free_line(promotion, Product.browse(product_id), qty, price)
                wanted.append(((promotion.id, "free", product_id), vals))

        existing = defaultdict(list)
        for line in self.order_line.filtered("dealer_promotion_id"):
            if line.dealer_promotion_kind == "free":
                key = (line.dealer_promotion_id.id, "free", line.product_id.id)
            else:
                key = (line.dealer_promotion_id.id, "discount", tuple(sorted(line.tax_id.ids)))
            existing[key].append(line)
        to_create = []
        for key, vals in wanted:
            vals["sequence"] = sequence
            sequence += 1
            if existing.get(key):
                line = existing[key].pop()
                changes = line._dealer_promotion_changes(vals)
                if changes:
                    line.write(changes)
            else:
                to_create.append(vals)
        obsolete = self.env["sale.order.line"].union(*(line for lines in existing.values() for line in lines))
        if obsolete:
            obsolete.unlink()
        if to_create:
            if any(vals["dealer_promotion_kind"] == "discount" for vals in to_create):
                distribution = self._dealer_promotion_discount_distribution()
                for vals in to_create:
                    if vals["dealer_promotion_kind"] == "discount":
                        vals.setdefault("analytic_distribution", distribution)
            self.env["sale.order.line"].create(to_create)

    def _dealer_promotion_write_results(self, evaluation, base_lines):
        """Make the explanations shown on the order match ``evaluation`` (rows that
        do not change are not rewritten)."""
        self.ensure_one()
        vals_list = []
        applied_rules = [r for result in evaluation.applied for r in result.applied_rules]
        # names in one batch: ordered and free products, rules and their conditions
        free_ids = {goods.product_id for r in applied_rules for goods in r.free}
        products = base_lines.product_id | self.env["product.product"].browse(free_ids)
        names = dict(zip(products.ids, products.mapped("display_name"), strict=True))
        categs = {
            product.id: {int(c) for c in (product.categ_id.parent_path or "").split("/") if c}
            for product in base_lines.product_id
        }
        # the names of the dealer conditions the applied rules set, one query per list used
        condition_fields = [
            fname for fname in DEALER_CONDITIONS
            if fname != "partner_ids" and any(getattr(r.rule, fname) for r in applied_rules)
        ]
        if condition_fields:
            self.env["dealer.promotion.rule"].browse([r.rule.id for r in applied_rules]).fetch(condition_fields)
        for result in evaluation.applied:
            cap_note = self._dealer_promotion_cap_note(result)
            for rule_result in result.applied_rules:
                free_value = rule_result.free_value(evaluation.rounding)
                vals_list.append({
                    "order_id": self.id,
                    "sequence": len(vals_list) + 1,
                    "promotion_id": result.promotion.id,
                    "rule_id": rule_result.rule.id,
                    "matched": self._dealer_promotion_matched_text(rule_result, names, categs),
                    "base_amount": rule_result.base,
                    "base_qty": rule_result.base_qty,
                    "computation": self._dealer_promotion_computation_text(rule_result, evaluation.rounding, names),
                    "discount_amount": rule_result.money_applied,
                    "free_qty": sum(goods.qty for goods in rule_result.free_applied),
                    "free_amount": free_value,
                    "benefit": rule_result.money_applied + free_value,
                    "cap_note": cap_note,
                })
        existing = {(result.promotion_id.id, result.rule_id.id): result for result in self.dealer_promotion_result_ids}
        to_create = []
        for vals in vals_list:
            result = existing.pop((vals["promotion_id"], vals["rule_id"]), None)
            if result is None:
                to_create.append(vals)
                continue
            changes = {
                name: value for name, value in vals.items()
                if name not in ("order_id", "promotion_id", "rule_id") and result._fields[name].convert_to_record(
                    result._fields[name].convert_to_cache(value, result), result) != result[name]
            }
            if changes:
                result.write(changes)
        if existing:
            self.env["dealer.promotion.result"].union(*existing.values()).unlink()
        if to_create:
            self.env["dealer.promotion.result"].create(to_create)

    # ------------------------------------------------------------------
    # Explanations (translated, in the order's language)
    # ------------------------------------------------------------------
    def _dealer_promotion_amount(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    def _dealer_promotion_matched_text(self, rule_result, names, categs):
        """:param names: product id -> display name; :param categs: product id -> category ids (with parents)"""
        rule = rule_result.rule
        if rule.product_ids or rule.categ_ids:
            matched = [
                name for product_id, name in names.items()
                if product_id in categs and (product_id in rule.product_ids or rule.categ_ids & categs[product_id])
            ]
            target = self.env._(
                "%(count)s product(s): %(names)s", count=len(matched),
                names=", ".join(matched[:5]) + ("…" if len(matched) > 5 else ""),
            )
        else:
            target = self.env._("all products")
        record = self.env["dealer.promotion.rule"].browse(rule.id)
        conditions = []
        for fname in DEALER_CONDITIONS:
            if not getattr(rule, fname):
                continue
            if fname == "partner_ids":
                # the dealer reads this: it is listed, the other listed dealers are not its business
                conditions.append(self.dealer_id.display_name)
            else:
                conditions.append(", ".join(record[fname].mapped("display_name")))
        if rule.first_order_only:
            conditions.append(self.env._("first order"))
        if rule.min_amount:
            conditions.append(self.env._("from %(amount)s", amount=self._dealer_promotion_amount(rule.min_amount)))
        if rule.min_qty:
            conditions.append(self.env._("from %(qty)s units", qty=format_qty(rule.min_qty)))
        if conditions:
            return self.env._("%(target)s; conditions met: %(conditions)s", target=target,
                              conditions="; ".join(conditions))
        return target

    def _dealer_promotion_computation_text(self, rule_result, rounding, names):
        rule = rule_result.rule
        amount = self._dealer_promotion_amount
        prefix = ""
        if rule_result.threshold:
            prefix = self.env._("threshold %(min)s reached: ", min=amount(rule_result.threshold.min_amount))
        if rule.benefit_type == engine.PERCENT:
            text = self.env._(
                "%(base)s × %(rate)s%% = %(money)s",
                base=amount(rule_result.base), rate=format_qty(rule_result.value, 0.0001),
                money=amount(rule_result.money),
            )
        elif rule.benefit_type == engine.FIXED:
            text = self.env._("fixed discount %(money)s", money=amount(rule_result.money))
            if float_compare(rule_result.value, rule_result.base, precision_rounding=rounding) > 0:
                text = self.env._("%(text)s (limited to the base)", text=text)
        else:
            # each free product's words first: a translated call nested in the arguments of
            # another is not extracted for translation
            free_goods = [
                self.env._("%(qty)s × %(product)s free (value %(value)s)", qty=goods.qty,
                           product=names[goods.product_id], value=amount(goods.value(rounding)))
                for goods in rule_result.free
            ]
            text = self.env._(
                "buy %(buy)s get %(free)s: %(goods)s",
                buy=format_qty(rule.buy_qty), free=format_qty(rule.free_qty), goods=", ".join(free_goods),
            )
        if float_compare(rule_result.money_applied, rule_result.money, precision_rounding=rounding) != 0 or (
            sum(g.qty for g in rule_result.free_applied) != sum(g.qty for g in rule_result.free)
        ):
            text = self.env._("%(text)s, cut by the cap", text=text)
        return prefix + text

    def _dealer_promotion_cap_note(self, result):
        if not result.cap:
            return False
        labels = {
            engine.CAP_ORDER: self.env._("per-order limit"),
            engine.CAP_DEALER: self.env._("per-dealer allowance left"),
            engine.CAP_BUDGET: self.env._("budget left"),
            engine.CAP_ORDER_BASE: self.env._("what the promotions before it left of the order"),
        }
        return self.env._(
            "%(before)s cut to %(limit)s (%(cap)s)",
            before=self._dealer_promotion_amount(result.benefit_before_caps),
            limit=self._dealer_promotion_amount(result.cap_limit),
            cap=labels[result.cap],
        )
