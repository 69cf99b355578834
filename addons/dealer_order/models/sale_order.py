from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dealer_base.tools import savepoint_keeping_tracking, set_column_defaults

from .dealer_order_flow import FLOW_SELECTION


class SaleOrder(models.Model):
    """Dealer orders: the flows and their numbering, the one submission of a dealer order
    (promotions, wallet split, review, confirmation) and its confirmation. The review,
    the deposits and the fulfillment live in sale_order_review.py, sale_order_deposit.py
    and sale_order_fulfillment.py."""

    _inherit = "sale.order"

    dealer_flow = fields.Selection(
        FLOW_SELECTION,
        string="Order Flow", required=True, default="regular", index=True, tracking=True, copy=True,
        help="Regular: the dealer buys for its own stock. Fulfillment: a store orders from the brand and the "
        "authorized dealer of its region delivers. Presale: a deposit locks the goods, the balance is paid "
        "before delivery. Other modules add their flows.",
    )
    dealer_payment_auto = fields.Boolean(
        copy=False, readonly=True,
        help="The wallet payments were filled by the submission (they are filled again at the next submission).",
    )
    def init(self):
        super().init()
        set_column_defaults(self, ["dealer_flow", "dealer_review_state"])

    # ------------------------------------------------------------------
    # CRUD: numbering by flow
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        new_name = self.env._("New")
        partner_ids = {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        dealers = set(self.env["res.partner"].browse(partner_ids).filtered(
            lambda partner: partner.commercial_partner_id.is_dealer).ids)
        flows = {}
        default_flow = None
        for vals in vals_list:
            if vals.get("name", new_name) != new_name or vals.get("partner_id") not in dealers:
                continue
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if not vals.get("dealer_flow") and default_flow is None:
                default_flow = self.default_get(["dealer_flow"]).get("dealer_flow") or "regular"
            code = vals.get("dealer_flow") or default_flow
            key = (company.id, code)
            if key not in flows:
                flows[key] = self.env["dealer.order.flow"].sudo()._get_flow(company, code)
            sequence = flows[key].sequence_id
            if sequence:
                seq_date = fields.Datetime.context_timestamp(
                    self, fields.Datetime.to_datetime(vals["date_order"])
                ) if vals.get("date_order") else None
                # sudo: numbering an order of a flow is what creating it implies (as sale's own
                # sequence, read by next_by_code with sudo)
                vals["name"] = sequence.sudo()._next(sequence_date=seq_date)
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Flow configuration and hooks
    # ------------------------------------------------------------------
    def _dealer_order_flow(self):
        """The configuration (dealer.order.flow) of the order's flow in its company."""
        self.ensure_one()
        # sudo: the flow configuration (ratios, policy) is read on behalf of any user
        # creating or submitting an order, portal dealers included; nothing is written.
        return self.env["dealer.order.flow"].sudo()._get_flow(
            self.company_id or self.env.company, self.dealer_flow).sudo(False)

    def _dealer_is_deposit_order(self):
        """HOOK: True when the order is paid by a deposit at submission and a balance
        before delivery. Every deposit mechanism keys on this, not on the flow; modules
        adding a deposit flow extend it."""
        self.ensure_one()
        return self.dealer_flow == "presale"

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------
    def action_dealer_submit(self):
        """Submit dealer quotations: prepare the flow, apply the promotions, split the
        payment over the wallets when the order has none, review, and confirm the
        approved orders at once (their payments are reserved).

        A portal dealer may submit its own quotations (customer = its commercial
        partner): ownership is checked, then the submission runs as superuser.
        """
        orders = self
        if self.env.user._is_portal():
            orders = self._dealer_portal_orders()
        orders._dealer_submit_check()
        # the wallets first (see _dealer_lock_wallets): the split, the review and the
        # reservation read them; the confirmation does not lock them again
        wallets = orders._dealer_lock_wallets(all_wallets=True)
        orders = orders.with_context(dealer_wallet_locked_ids=tuple(wallets.ids))
        for order in orders:
            order._dealer_submit()
        if len(orders) == 1:
            return orders._dealer_review_notification()
        return True

    def _dealer_portal_orders(self):
        """The orders of a portal dealer, checked, with superuser rights.

        Only the dealer's own orders pass (their customer's commercial partner is the
        user's, the same ownership as sale's portal rules). The submission then only
        does what the dealer's own confirmation would: promotions, wallet split of its
        own wallets, review, confirmation; operators still decide on held orders.
        """
        partner = self.env.user.partner_id.commercial_partner_id
        # sudo: reading the customer of the orders to check they are the dealer's own
        orders = self.sudo()
        foreign = orders.filtered(lambda order: order.partner_id.commercial_partner_id != partner)
        if foreign or not partner.is_dealer:
            raise AccessError(self.env._("You can only submit your own orders."))
        return orders

    def _dealer_submit_check(self):
        """Raise one UserError listing why orders cannot be submitted (nothing is changed)."""
        errors = []
        for order in self:
            errors += order._dealer_submit_errors()
        if errors:
            raise UserError("\n".join(errors))

    def _dealer_submit_errors(self):
        """HOOK: reasons why this order cannot be submitted at all."""
        self.ensure_one()
        name = self.name
        if not self.dealer_id:
            return [self.env._("%(order)s is not a dealer order: its customer is not a dealer.", order=name)]
        if self.state == "cancel":
            return [self.env._("%(order)s is cancelled: set it back to quotation before submitting it.",
                               order=name)]
        if self.locked:
            return [self.env._("%(order)s is locked and cannot be submitted.", order=name)]
        if self.state not in ("draft", "sent"):
            return [self.env._("%(order)s is already confirmed.", order=name)]
        errors = []
        if not self._dealer_catalog_lines():
            errors.append(self.env._("%(order)s has no product to order.", order=name))
        if self._dealer_is_deposit_order():
            ratio = self.deposit_ratio
            if ratio <= 0 or ratio > 1:
                errors.append(self.env._(
                    "%(order)s is paid by deposit: set a deposit ratio between 0 and 1 (0.3 = 30%%) first.",
                    order=name,
                ))
        return errors

    def _dealer_submit(self):
        """Submit one checked order."""
        self.ensure_one()
        self._dealer_prepare_flow()
        self.action_apply_promotions()
        if not self.dealer_payment_ids or self.dealer_payment_auto:
            self.action_wallet_autosplit()
            self.dealer_payment_auto = True
        now = fields.Datetime.now()
        self.write({"dealer_submit_date": now})
        # the confirmation reuses the checks the review evaluated (sale_order_review_memo.py)
        with self._dealer_review_memo_scope():
            results = self._dealer_review()
            state = self._dealer_review_decision(results)
            message = self._dealer_review_format(results)
            if state == "approved":
                error = self._dealer_try_confirm()
                if error:
                    state, message = "held", error
        self._dealer_set_review(state, message, automatic=True, results=results)
        return state

    def _dealer_prepare_flow(self):
        """HOOK: flow-specific preparation before the review (routing of fulfillment orders...)."""
        self.ensure_one()
        if self.dealer_flow == "fulfillment":
            self._dealer_fulfillment_route()

    def _dealer_try_confirm(self):
        """Confirm the approved order, or return why it cannot be (the order is then
        held instead: e.g. a check whose rule is inactive still blocks).

        ``action_confirm`` runs the confirmation guard itself: it is not evaluated a
        second time beforehand; a refusal rolls back to the savepoint (the ORM cache
        with it) and becomes the reason. The order's field tracking is left to the
        commit (one chatter message for the submission, as Odoo's confirmation)."""
        self.ensure_one()
        try:
            with savepoint_keeping_tracking(self):
                self.action_confirm()
        except UserError as error:
            return error.args[0]
        return False

    # ------------------------------------------------------------------
    # Locks: one order on every path
    # ------------------------------------------------------------------
    def _dealer_lock_wallets(self, all_wallets=False):
        """Lock the wallets the orders pay with (``all_wallets``: every wallet of their
        dealers in their companies, the sources of a wallet split).

        Every path that confirms, cancels or pays a dealer order takes its locks in one
        order: the wallets (one statement, by id), then the budgets of the promotions
        (``dealer.promotion._lock_for_usage``, one statement, by id), then Odoo's own
        stock (quants, while the deliveries are reserved or cancelled). The submission,
        the confirmation, the cancellation and the balance payment call this first;
        crowdfunding campaigns are locked before (a pledge locks its campaign, then the
        wallet). Before this order existed, a confirmation locked promotion budgets,
        then stock, then wallets, while a cancellation locked wallets, then stock, then
        promotion budgets: two of them on one dealer waited for each other.

        :return: the wallets locked"""
        wallets = self.dealer_payment_ids.wallet_id
        if all_wallets and self.dealer_id:
            wallets |= self.env["dealer.wallet"].search([
                ("partner_id", "in", self.dealer_id.ids), ("company_id", "in", self.company_id.ids),
            ])
        return wallets._lock()

    def _dealer_lock_promotions(self):
        """Lock the budgets of the promotions the orders were given (see :meth:`_dealer_lock_wallets`)."""
        # orders never given promotions (plain Odoo orders) have no promotion date: nothing to read
        orders = self.filtered(lambda order: order.dealer_id or order.dealer_promotion_date)
        promotions = orders.dealer_promotion_result_ids.promotion_id | orders.dealer_promotion_usage_ids.promotion_id
        promotions._lock_for_usage()

    def action_confirm(self):
        # promotions applied again first (when outdated): the locks cover what is confirmed
        self._dealer_promotion_apply_outdated()
        wallets = self._dealer_lock_wallets()
        self._dealer_lock_promotions()
        # the reservation does not lock (nor read) the wallets again
        locked = tuple(self.env.context.get("dealer_wallet_locked_ids", ())) + tuple(wallets.ids)
        return super(SaleOrder, self.with_context(dealer_wallet_locked_ids=locked)).action_confirm()

    def _action_cancel(self):
        self._dealer_lock_wallets()
        self._dealer_lock_promotions()
        return super()._action_cancel()

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------
    def _dealer_region_error(self):
        """Fulfillment orders are delivered by the fulfillment dealer: its territory counts."""
        self.ensure_one()
        if self.dealer_flow == "fulfillment" and self.fulfillment_dealer_id:
            products = self._dealer_delivered_products()
            address = self.partner_shipping_id
            if not products or not self.fulfillment_dealer_id._dealer_unauthorized_products(
                    address, products, fields.Date.context_today(self)):
                return False
            return self.env._(
                "Cross-region sale: the fulfillment dealer %(dealer)s is not authorized to deliver to %(province)s.",
                dealer=self.fulfillment_dealer_id.display_name, province=address.state_id.name or "",
            )
        return super()._dealer_region_error()

    def action_draft(self):
        """A cancelled order set back to quotation is reviewed (and pays its deposit) again."""
        cancelled = self.filtered(lambda order: order.state == "cancel")
        res = super().action_draft()
        cancelled.filtered(lambda order: order.state == "draft").write({
            "dealer_review_state": "draft", "deposit_state": False,
        })
        return res

    def _action_confirm(self):
        res = super()._action_confirm()
        for order in self:
            if order.dealer_id and order._dealer_is_deposit_order() and not order.deposit_state:
                order.deposit_state = "deposit_paid"
        return res
