from collections import defaultdict

from odoo import api, fields, models


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """Fulfillment orders: a store's order routed to the authorized dealer that ships it
    from its warehouse, and that dealer's profit shares."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # fulfillment
    fulfillment_dealer_id = fields.Many2one(
        "res.partner", copy=False, tracking=True, index="btree_not_null",
        domain="[('is_dealer', '=', True), ('dealer_warehouse_id', '!=', False)]",
        help="Dealer that ships this fulfillment order from its warehouse and earns the profit share.",
    )
    dealer_profit_share_ids = fields.One2many("dealer.profit.share", "sale_order_id", string="Profit Shares")
    dealer_profit_share_count = fields.Integer(compute="_compute_dealer_profit_share_count")
    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("dealer_profit_share_ids")
    def _compute_dealer_profit_share_count(self):
        for order in self:
            order.dealer_profit_share_count = len(order.dealer_profit_share_ids)

    # ------------------------------------------------------------------
    # Fulfillment
    # ------------------------------------------------------------------
    def _dealer_fulfillment_route(self):
        """Choose the dealer shipping this fulfillment order and deliver from its warehouse."""
        self.ensure_one()
        dealer = self._dealer_fulfillment_candidates()[:1]
        vals = {"fulfillment_dealer_id": dealer.id}
        if dealer:
            vals["warehouse_id"] = dealer.dealer_warehouse_id.id
        self.write(vals)
        return dealer

    def _dealer_fulfillment_candidates(self):
        """Dealers able to ship this order, best first: with a warehouse of the order's
        company and an active authorization covering the delivery province and every
        product; exclusive first, then the most specific region, then the company's
        tie-break."""
        self.ensure_one()
        state = self.partner_shipping_id.state_id
        Partner = self.env["res.partner"]
        if not state:
            return Partner
        regions = self.env["dealer.region"]._get_covering_regions(state)
        if not regions:
            return Partner
        date = fields.Date.context_today(self)
        Authorization = self.env["dealer.authorization"]
        # sudo: routing reads the network's authorizations and warehouses (configuration),
        # whoever submits; the result is only the chosen dealer
        authorizations = Authorization.sudo().search([
            ("region_id", "in", regions.ids),
            ("company_id", "in", (self.company_id.id, False)),
            ("partner_id", "!=", self.partner_id.commercial_partner_id.id),
            ("partner_id.dealer_state", "=", "active"),
            ("partner_id.dealer_warehouse_id.company_id", "=", self.company_id.id),
            *Authorization._date_domain(date),
        ])
        products = self._dealer_delivered_products()
        per_dealer = defaultdict(lambda: Authorization.sudo())
        for authorization in authorizations:
            per_dealer[authorization.partner_id] |= authorization
        candidates = []
        for dealer, auths in per_dealer.items():
            if any(not auths._covers_category(product.categ_id) for product in products):
                continue
            exclusive = any(auths.mapped("exclusive"))
            depth = max(len(auth.region_id.parent_path.split("/")) for auth in auths)
            candidates.append((dealer, exclusive, depth))
        if not candidates:
            return Partner
        tie_break = self._dealer_fulfillment_tie_break_keys([dealer for dealer, _e, _d in candidates])
        candidates.sort(key=lambda item: (not item[1], -item[2], tie_break[item[0].id], item[0].id))
        return Partner.browse([dealer.id for dealer, _e, _d in candidates])

    def _dealer_fulfillment_tie_break_keys(self, dealers):
        """HOOK: ``{dealer_id: sort key}`` of the company's tie-break (lower first)."""
        self.ensure_one()
        policy = self.company_id.dealer_fulfillment_tie_break
        if policy == "stock":
            quantities = self._dealer_ordered_quantities()
            keys = {}
            for dealer in dealers:
                products = self.env["product.product"].union(*quantities).with_context(
                    warehouse_id=dealer.dealer_warehouse_id.id)
                covered = sum(min(product.free_qty, quantities[product]) for product in products)
                keys[dealer.id] = -covered
            return keys
        if policy == "upline":
            uplines = self.partner_id.commercial_partner_id._dealer_get_upline_ids()
            # closest upline first, then the others by dealer code
            rank = {dealer_id: index for index, dealer_id in enumerate(reversed(uplines))}
            return {dealer.id: (rank.get(dealer.id, len(rank)), dealer.dealer_code or "") for dealer in dealers}
        return {dealer.id: (dealer.dealer_code or "",) for dealer in dealers}

    def action_view_dealer_profit_shares(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_order.dealer_profit_share_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action
