from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dealer_base.tools import set_column_defaults

from .dealer_order_flow import FLOW_SELECTION
from .dealer_review_log import REVIEW_STATES

PRESALE_STATES = [
    ("deposit_paid", "Deposit Paid"),
    ("balance_paid", "Balance Paid"),
    ("expired", "Expired"),
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_flow = fields.Selection(
        FLOW_SELECTION,
        string="Order Flow", required=True, default="regular", index=True, tracking=True, copy=True,
        help="Regular: the dealer buys for its own stock. Fulfillment: a store orders from the brand and the "
        "authorized dealer of its region delivers. Presale: a deposit locks the goods, the balance is paid "
        "before delivery. Crowdfunding: created from a successful group-buy campaign.",
    )
    # review
    dealer_review_state = fields.Selection(
        REVIEW_STATES, string="Review", default="draft", required=True, copy=False, index=True, tracking=True,
        readonly=True,
    )
    dealer_review_message = fields.Text(string="Review Reasons", copy=False, readonly=True)
    dealer_review_date = fields.Datetime(string="Review Decision Date", copy=False, readonly=True)
    dealer_reviewer_id = fields.Many2one(
        "res.users", string="Reviewed by", copy=False, readonly=True,
        help="Operator who approved or rejected the order; empty when the rules decided.",
    )
    dealer_submit_date = fields.Datetime(string="Submitted on", copy=False, readonly=True)
    dealer_review_auto = fields.Boolean(string="Auto-approved", copy=False, readonly=True)
    dealer_review_log_ids = fields.One2many("dealer.review.log", "order_id", string="Review History")
    dealer_payment_auto = fields.Boolean(
        copy=False, readonly=True,
        help="The wallet payments were filled by the submission (they are filled again at the next submission).",
    )
    # fulfillment
    fulfillment_dealer_id = fields.Many2one(
        "res.partner", copy=False, tracking=True, index="btree_not_null",
        domain="[('is_dealer', '=', True), ('dealer_warehouse_id', '!=', False)]",
        help="Dealer that ships this fulfillment order from its warehouse and earns the profit share.",
    )
    dealer_profit_share_ids = fields.One2many("dealer.profit.share", "sale_order_id", string="Profit Shares")
    dealer_profit_share_count = fields.Integer(compute="_compute_dealer_profit_share_count")
    # presale / deposit orders
    presale_deposit_ratio = fields.Float(
        string="Deposit Ratio", digits=(16, 4), compute="_compute_presale_deposit_ratio", store=True,
        readonly=False, precompute=True, copy=True,
        help="Share of the total paid as deposit when the order is submitted (0.3 = 30%).",
    )
    presale_deposit_amount = fields.Monetary(
        string="Deposit", compute="_compute_presale_deposit_amount", store=True, readonly=False, copy=False,
    )
    presale_balance_amount = fields.Monetary(string="Balance", compute="_compute_presale_balance_amount")
    presale_balance_due_date = fields.Date(
        string="Balance Due Date", compute="_compute_presale_balance_due_date", store=True, readonly=False,
        precompute=True, copy=False, tracking=True,
        help="The balance must be paid by this date; an unpaid order then expires.",
    )
    presale_state = fields.Selection(PRESALE_STATES, string="Presale Status", copy=False, readonly=True,
                                     tracking=True, index="btree_not_null")
    dealer_is_deposit_order = fields.Boolean(compute="_compute_dealer_is_deposit_order")

    def init(self):
        super().init()
        set_column_defaults(self, ["dealer_flow", "dealer_review_state"])

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("dealer_flow")
    def _compute_dealer_is_deposit_order(self):
        for order in self:
            order.dealer_is_deposit_order = order._dealer_is_deposit_order()

    @api.depends("dealer_profit_share_ids")
    def _compute_dealer_profit_share_count(self):
        for order in self:
            order.dealer_profit_share_count = len(order.dealer_profit_share_ids)

    @api.depends("dealer_flow", "company_id")
    def _compute_presale_deposit_ratio(self):
        for order in self:
            if order._dealer_is_deposit_order():
                order.presale_deposit_ratio = order._dealer_order_flow().deposit_ratio
            else:
                order.presale_deposit_ratio = 0.0

    @api.depends("amount_total", "presale_deposit_ratio")
    def _compute_presale_deposit_amount(self):
        for order in self:
            order.presale_deposit_amount = (
                order.currency_id.round(order.amount_total * order.presale_deposit_ratio)
                if order.currency_id else 0.0
            )

    @api.depends("amount_total", "presale_deposit_amount", "presale_state")
    def _compute_presale_balance_amount(self):
        for order in self:
            order.presale_balance_amount = (
                0.0 if order.presale_state == "balance_paid" else order.amount_total - order.presale_deposit_amount
            )

    @api.depends("dealer_flow", "company_id")
    def _compute_presale_balance_due_date(self):
        # not on date_order: the confirmation rewrites it and must keep the due date set
        for order in self:
            if order._dealer_is_deposit_order():
                start = fields.Date.context_today(order)
                order.presale_balance_due_date = start + timedelta(days=order._dealer_order_flow().balance_days)
            else:
                order.presale_balance_due_date = False

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
        before delivery. Every deposit mechanism keys on this, not on the flow.
        dealer_crowdfunding adds its own flow."""
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
            ratio = self.presale_deposit_ratio
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
        with it) and becomes the reason."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self.action_confirm()
        except UserError as error:
            return error.args[0]
        return False

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------
    def _dealer_review(self):
        """Evaluate every applicable rule in one pass.

        :return: list of ``(rule, [reasons])`` (no reason: the rule passed)
        """
        self.ensure_one()
        results = []
        for rule in self.env["dealer.review.rule"]._get_rules_for(self):
            check = getattr(self, "_dealer_review_check_%s" % rule.code, None)
            if check is None:
                reasons = [self.env._("The review rule %(rule)s has no check.", rule=rule.name)]
            else:
                reasons = check(rule)
            results.append((rule, reasons))
        return results

    def _dealer_review_decision(self, results):
        """any reject → rejected, else any hold → held (or a manual flow), else approved."""
        self.ensure_one()
        actions = {rule.action for rule, reasons in results if reasons}
        if "reject" in actions:
            return "rejected"
        if "hold" in actions or self._dealer_order_flow().review_policy == "manual":
            return "held"
        return "approved"

    def _dealer_review_format(self, results):
        self.ensure_one()
        lines = []
        for rule, reasons in results:
            lines += ["[%s] %s" % (rule.name, reason) for reason in reasons]
        if not lines and self._dealer_order_flow().review_policy == "manual":
            lines.append(self.env._("The %(flow)s flow is reviewed by an operator.",
                                    flow=self._dealer_order_flow().name))
        return "\n".join(lines)

    def _dealer_set_review(self, state, message, automatic=False, results=None, event="submit"):
        """Store the review outcome, log it, and notify (chatter, activities)."""
        self.ensure_one()
        now = fields.Datetime.now()
        decided = state in ("approved", "rejected") or event != "submit"
        self.write({
            "dealer_review_state": state,
            "dealer_review_message": message or False,
            "dealer_review_date": now if decided else False,
            "dealer_reviewer_id": False if automatic else self.env.user.id,
            "dealer_review_auto": automatic and state == "approved",
        })
        submit_date = self.dealer_submit_date
        # sudo: the review log is written by the review itself, for any submitter
        self.env["dealer.review.log"].sudo().create({
            "order_id": self.id, "partner_id": self.dealer_id.id, "dealer_flow": self.dealer_flow,
            "event": event, "state": state, "automatic": automatic, "date": now,
            "submit_date": submit_date,
            "decision_hours": (now - submit_date).total_seconds() / 3600.0 if submit_date and decided else 0.0,
            "amount_total": self.amount_total, "currency_id": self.currency_id.id, "message": message or False,
            "line_ids": [fields.Command.create({
                "sequence": index, "rule_id": rule.id, "action": rule.action, "passed": not reasons,
                "message": "\n".join(reasons) or False,
            }) for index, (rule, reasons) in enumerate(results or [])],
        })
        self._dealer_review_notify(state, message, automatic, event)

    def _dealer_review_notify(self, state, message, automatic, event):
        self.ensure_one()
        body = {
            "approved": self.env._("Order approved automatically and confirmed.") if automatic
            else self.env._("Order approved by %(user)s and confirmed.", user=self.env.user.name),
            "held": self.env._("Order held for review:"),
            "rejected": self.env._("Order rejected:") if automatic
            else self.env._("Order rejected by %(user)s:", user=self.env.user.name),
        }[state]
        if message and state != "approved":
            body = Markup("%s<br/>%s") % (body, Markup("<br/>").join(message.split("\n")))
        if state != "held":
            self.activity_feedback(["dealer_order.mail_activity_type_dealer_review"])
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        if state == "held":
            note = Markup("<br/>").join((message or "").split("\n"))
            review_type = self.env.ref("dealer_order.mail_activity_type_dealer_review")
            pending = self.activity_ids.filtered(lambda activity: activity.activity_type_id == review_type)
            if pending:
                pending.note = note
            else:
                self.activity_schedule(activity_type_id=review_type.id,
                                       user_id=self.company_id._dealer_order_reviewer().id, note=note)
        if state == "rejected" and not automatic:
            salesperson = self.user_id or self.partner_id.commercial_partner_id.user_id
            if salesperson:
                self.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=salesperson.id,
                    summary=self.env._("Dealer order rejected"),
                    note=Markup("<br/>").join((message or "").split("\n")),
                )

    def _dealer_review_notification(self):
        self.ensure_one()
        labels = dict(self._fields["dealer_review_state"]._description_selection(self.env))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("%(order)s: %(state)s", order=self.name,
                                    state=labels[self.dealer_review_state]),
                "message": self.dealer_review_message or self.env._("The order is confirmed."),
                "type": {"approved": "success", "held": "warning", "rejected": "danger"}.get(
                    self.dealer_review_state, "info"),
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ---- the checks (one per rule code) ---------------------------------
    def _dealer_review_check_stock(self, rule):
        """Free quantity in the order's warehouse covers the ordered quantity of
        every storable product (summed per product)."""
        self.ensure_one()
        quantities = defaultdict(float)
        for line in self._dealer_catalog_lines():
            product = line.product_id
            if product.is_storable:
                quantities[product] += line.product_uom._compute_quantity(
                    line.product_uom_qty, product.uom_id, round=False)
        if not quantities:
            return []
        products = self.env["product.product"].union(*quantities)
        free = {
            product.id: product.free_qty
            for product in products.with_context(warehouse_id=self.warehouse_id.id).with_company(self.company_id)
        }
        reasons = []
        for product, qty in quantities.items():
            rounding = product.uom_id.rounding
            if fields.Float.compare(free[product.id], qty, precision_rounding=rounding) < 0:
                reasons.append(self.env._(
                    "%(product)s: %(qty)s %(uom)s ordered, %(free)s %(uom)s free in %(warehouse)s.",
                    product=product.display_name, qty=fields.Float.round(qty, precision_rounding=rounding),
                    free=fields.Float.round(free[product.id], precision_rounding=rounding),
                    uom=product.uom_id.name, warehouse=self.warehouse_id.name or "",
                ))
        return reasons

    def _dealer_review_check_payment(self, rule):
        """Wallet payments cover the total (the deposit for deposit orders) within availability."""
        self.ensure_one()
        if not self.dealer_payment_ids and self.currency_id.compare_amounts(self._dealer_payment_target(), 0) > 0:
            return [self.env._("The wallets of %(dealer)s have nothing available to pay %(amount)s.",
                               dealer=self.dealer_id.display_name,
                               amount=self.currency_id.format(self._dealer_payment_target()))]
        return self._dealer_wallet_payment_errors()

    def _dealer_review_check_region(self, rule):
        self.ensure_one()
        if self.dealer_region_override:
            return []
        error = self._dealer_region_error()
        return [error] if error else []

    def _dealer_review_check_catalog(self, rule):
        self.ensure_one()
        return self._dealer_catalog_errors()[0]

    def _dealer_review_check_moq(self, rule):
        self.ensure_one()
        return self._dealer_moq_errors()

    def _dealer_review_check_overdue(self, rule):
        """Posted customer invoices of the dealer past due by more than the grace days."""
        self.ensure_one()
        limit = fields.Date.context_today(self) - timedelta(days=rule.grace_days)
        # sudo: the review reads the dealer's receivables whoever submits (portal dealers
        # cannot read invoices of their company's other contacts); only totals are used.
        groups = self.env["account.move"].sudo()._read_group([
            ("company_id", "=", self.company_id.id),
            ("commercial_partner_id", "=", self.dealer_id.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("invoice_date_due", "<", limit),
            ("amount_residual", ">", 0),
        ], [], ["__count", "amount_residual_signed:sum"])
        count, residual = groups[0]
        if not count:
            return []
        return [self.env._(
            "%(dealer)s has %(count)s invoice(s) overdue by more than %(days)s day(s), %(amount)s unpaid.",
            dealer=self.dealer_id.display_name, count=count, days=rule.grace_days,
            amount=self.company_id.currency_id.format(residual),
        )]

    def _dealer_review_check_fulfillment(self, rule):
        self.ensure_one()
        if self.dealer_flow != "fulfillment" or self.fulfillment_dealer_id:
            return []
        state = self.partner_shipping_id.state_id
        if not state:
            return [self.env._("The delivery address %(address)s has no province: no dealer can be chosen to "
                               "fulfill the order.", address=self.partner_shipping_id.display_name)]
        return [self.env._("No dealer with a warehouse is authorized to deliver these products to %(province)s.",
                           province=state.name)]

    # ------------------------------------------------------------------
    # Operator decisions
    # ------------------------------------------------------------------
    def _dealer_check_reviewer(self):
        if not self.env.user.has_group("dealer_base.group_dealer_manager"):
            raise AccessError(self.env._("Only a Dealer Manager can approve or reject dealer orders."))

    def action_dealer_approve(self):
        """Approve held orders and confirm them.

        The operator's approval overrides the ``hold`` rules (stock, overdue...) and, like
        the cross-region override of dealer_base, the region check; what cannot be
        bypassed still blocks the confirmation (wallet reservation, product pools, MOQ).
        """
        self._dealer_check_reviewer()
        not_held = self.filtered(lambda order: order.dealer_review_state != "held" or
                                 order.state not in ("draft", "sent"))
        if not_held:
            raise UserError(self.env._("Only held quotations can be approved: %(orders)s.",
                                       orders=", ".join(not_held.mapped("name"))))
        for order in self:
            if order.dealer_flow == "fulfillment" and not order.fulfillment_dealer_id:
                # an authorization may have been granted since the submission; without
                # any, the operator's approval ships from the order's own warehouse
                order._dealer_fulfillment_route()
            if not order.dealer_region_override and order._dealer_region_error():
                reason = self.env._("Approved on review by %(user)s.", user=self.env.user.name)
                order.write({"dealer_region_override": True, "dealer_region_override_reason": reason})
            order.action_confirm()
            order._dealer_set_review("approved", order.dealer_review_message, event="approve")
        return True

    def action_dealer_reject(self):
        """Open the rejection wizard (the reason is required)."""
        self._dealer_check_reviewer()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reject Dealer Orders"),
            "res_model": "dealer.order.reject.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": [fields.Command.set(self.ids)]},
        }

    def _dealer_reject(self, reason):
        """Reject the held quotations for ``reason``."""
        self._dealer_check_reviewer()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the rejection."))
        wrong = self.filtered(lambda order: order.state not in ("draft", "sent") or
                              order.dealer_review_state != "held")
        if wrong:
            raise UserError(self.env._("Only held quotations can be rejected: %(orders)s.",
                                       orders=", ".join(wrong.mapped("name"))))
        for order in self:
            order._dealer_set_review("rejected", reason, event="reject")
        return True

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
            "dealer_review_state": "draft", "presale_state": False,
        })
        return res

    def _action_confirm(self):
        res = super()._action_confirm()
        for order in self:
            if order.dealer_id and order._dealer_is_deposit_order() and not order.presale_state:
                order.presale_state = "deposit_paid"
        return res

    # ------------------------------------------------------------------
    # Wallet payments of deposit orders
    # ------------------------------------------------------------------
    def _dealer_payment_target(self):
        """The deposit while the balance of a deposit order is unpaid, else the total."""
        self.ensure_one()
        if self._dealer_is_deposit_order() and self.presale_state != "balance_paid" and \
                not self.env.context.get("dealer_presale_balance"):
            return self.presale_deposit_amount
        return super()._dealer_payment_target()

    def _dealer_payment_target_error(self, paid, target):
        self.ensure_one()
        if self.currency_id.compare_amounts(target, self.amount_total):
            return self.env._(
                "The wallet payments (%(paid)s) must equal the deposit (%(deposit)s).",
                paid=self.currency_id.format(paid), deposit=self.currency_id.format(target),
            )
        return super()._dealer_payment_target_error(paid, target)

    def _dealer_wallet_payment_errors(self):
        errors = super()._dealer_wallet_payment_errors()
        if not self.dealer_payment_ids or not self._dealer_is_deposit_order() or \
                self.env.context.get("dealer_presale_balance") or self.presale_state == "balance_paid":
            return errors
        # the deposit is money: cash (and rebate when the company allows it), never credit
        if self.dealer_payment_ids.filtered(lambda line: line.wallet_type == "credit"):
            errors.append(self.env._("A deposit is paid with money (cash wallet), not with credit."))
        if not self.company_id.dealer_presale_deposit_rebate and \
                self.dealer_payment_ids.filtered(lambda line: line.wallet_type == "rebate"):
            errors.append(self.env._("A deposit cannot be paid from the rebate wallet in %(company)s.",
                                     company=self.company_id.display_name))
        return errors

    def _dealer_wallet_autosplit_sources(self):
        sources = super()._dealer_wallet_autosplit_sources()
        if not self._dealer_is_deposit_order():
            return sources
        if not self.env.context.get("dealer_presale_balance"):
            # the deposit is real money: cash (and rebate when the company allows it)
            allowed = {"cash", "rebate"} if self.company_id.dealer_presale_deposit_rebate else {"cash"}
            sources = [source for source in sources if source[0].wallet_type in allowed]
        # the rebate cap applies to the whole order: what earlier lines took counts
        used_rebate = sum(self.dealer_payment_ids.filtered(lambda line: line.wallet_type == "rebate").mapped("amount"))
        cap = self.amount_total * self.company_id.dealer_wallet_rebate_max_percent / 100.0 - used_rebate
        return [
            (wallet, quota, min(available, cap) if wallet.wallet_type == "rebate" else available)
            for wallet, quota, available in sources
        ]

    # ------------------------------------------------------------------
    # Presale balance and expiry
    # ------------------------------------------------------------------
    def action_presale_pay_balance(self):
        """Pay the balance of confirmed deposit orders from the wallets (split by the
        company policy) and reserve it; the delivery can then be validated.

        Like the submission, a portal dealer may pay the balance of its own orders."""
        orders = self._dealer_portal_orders() if self.env.user._is_portal() else self
        for order in orders:
            if not order._dealer_is_deposit_order():
                raise UserError(self.env._("%(order)s is not paid by deposit.", order=order.name))
            if order.state != "sale" or order.presale_state != "deposit_paid":
                raise UserError(self.env._(
                    "The balance of %(order)s can be paid only once its deposit is paid and before it expires.",
                    order=order.name,
                ))
        for order in orders:
            order._dealer_presale_pay_balance()
        return True

    def _dealer_presale_pay_balance(self):
        self.ensure_one()
        order = self.with_context(dealer_presale_balance=True)
        currency = order.currency_id
        remainder = order.amount_total - sum(order.dealer_payment_ids.mapped("amount"))
        if currency.compare_amounts(remainder, 0.0) > 0:
            # lock the wallets first so the availability read below is the one reserved
            wallets = self.env["dealer.wallet"].search([
                ("partner_id", "=", order.dealer_id.id), ("company_id", "=", order.company_id.id),
            ])
            wallets._lock()
            commands, uncovered = order._dealer_wallet_split_commands(remainder)
            if currency.compare_amounts(uncovered, 0.0) > 0:
                raise UserError(self.env._(
                    "The wallets of %(dealer)s cannot pay the balance of %(order)s: %(amount)s missing.",
                    dealer=order.dealer_id.display_name, order=order.name, amount=currency.format(uncovered),
                ))
            before = order.dealer_payment_ids
            order.with_context(dealer_presale_balance_payment=True).dealer_payment_ids = commands
            # reserve the new lines only (the deposit lines are reserved already); _reserve
            # checks the availability again under the wallet lock
            for line in order.dealer_payment_ids - before:
                line.wallet_id._reserve(line.amount, sale_order=order, quota=line.quota_id or None,
                                        payment_line=line)
        order.presale_state = "balance_paid"
        order.message_post(body=self.env._("Presale balance of %(amount)s paid from the wallets.",
                                           amount=currency.format(max(remainder, 0.0))))

    @api.model
    def _cron_presale_expire(self):
        """Expire the deposit orders whose balance is unpaid after the due date."""
        today = fields.Date.context_today(self)
        orders = self.search([
            ("presale_state", "=", "deposit_paid"), ("state", "=", "sale"),
            ("presale_balance_due_date", "<", today),
        ])
        orders.filtered(lambda order: order._dealer_is_deposit_order())._dealer_presale_expire()

    def _dealer_presale_expire(self):
        """Cancel the orders (reservations and deliveries released) and forfeit or
        refund their deposit per the company setting."""
        for order in self:
            company = order.company_id
            policy = company.dealer_presale_expiry_policy
            forfeited = 0.0
            if policy == "forfeit":
                forfeited = order._dealer_presale_forfeit()
            order.with_context(disable_cancel_warning=True)._action_cancel()
            order.presale_state = "expired"
            if policy == "forfeit":
                body = self.env._("Balance unpaid on %(date)s: the order expired and its deposit of %(amount)s "
                                  "is forfeited.", date=order.presale_balance_due_date,
                                  amount=order.currency_id.format(forfeited))
            else:
                body = self.env._("Balance unpaid on %(date)s: the order expired and its deposit is refunded "
                                  "to the wallets.", date=order.presale_balance_due_date)
            order.message_post(body=body)
        return True

    def _dealer_presale_forfeit(self):
        """Turn the reserved deposit into income: release the reservation and debit
        the wallet (Dr customer advances / rebate liability, Cr forfeited deposits).
        Credit reservations are only released (credit is no money paid)."""
        self.ensure_one()
        account = self.company_id._dealer_presale_forfeit_account()
        if not account:
            raise UserError(self.env._(
                "Set the forfeited deposit account of %(company)s (Sales → Configuration → Settings).",
                company=self.company_id.display_name,
            ))
        total = 0.0
        lines = self.dealer_payment_ids
        lines.wallet_id._lock()
        for line in lines:
            reserved = line._get_reserved_amount()
            if self.currency_id.compare_amounts(reserved, 0.0) <= 0:
                continue
            wallet = line.wallet_id
            wallet._release(reserved, sale_order=self, quota=line.quota_id or None, payment_line=line,
                            idempotency_key="presale-expiry-release-%s" % line.id)
            if wallet.wallet_type == "credit":
                continue
            wallet._debit(
                reserved, kind="deposit", idempotency_key="presale-forfeit-%s" % line.id, origin=self.name,
                sale_order=self, payment_line=line, counterpart_account=account,
                memo=self.env._("Forfeited presale deposit"),
            )
            total += reserved
        return total

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
