from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .dealer_review_log import REVIEW_STATES


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """The automatic review of dealer orders: every active rule in one pass (one small
    ``_dealer_review_check_<code>`` method per rule), the decision, its log and chatter,
    and the operators' decisions on held orders."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

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
    dealer_review_override_reason = fields.Text(
        string="Approval Override", copy=False, readonly=True, tracking=True,
        help="Why an operator approved the order although rules a dealer could fix (minimum order quantity, "
        "order multiple) still failed.",
    )

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
        the cross-region override of dealer_base, the region check. When rules a dealer
        could have fixed still block the confirmation (minimum order quantity, order
        multiple), the approval wizard asks for the reason of the override; what cannot be
        bypassed (wallet reservation, product pools, a suspended dealer) is shown there and
        leaves the operator the rejection.
        """
        self._dealer_check_reviewer()
        self._dealer_check_held("approve")
        if any(order._dealer_overridable_errors() or order._dealer_blocking_errors() for order in self):
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Approve Dealer Orders"),
                "res_model": "dealer.order.approve.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_order_ids": [fields.Command.set(self.ids)]},
            }
        return self._dealer_approve()

    def _dealer_check_held(self, action):
        wrong = self.filtered(lambda order: order.dealer_review_state != "held" or
                              order.state not in ("draft", "sent"))
        if not wrong:
            return
        names = ", ".join(wrong.mapped("name"))
        if action == "approve":
            raise UserError(self.env._("Only held quotations can be approved: %(orders)s.", orders=names))
        raise UserError(self.env._("Only held quotations can be rejected: %(orders)s.", orders=names))

    def _dealer_overridable_errors(self):
        """HOOK: confirmation errors an operator may override with a reason (the dealer
        could have fixed them itself): the minimum order quantity and order multiple."""
        self.ensure_one()
        return self._dealer_moq_errors()

    def _dealer_moq_errors(self, exclude=None):
        if self.env.context.get("dealer_review_override"):
            return []
        return super()._dealer_moq_errors(exclude=exclude)

    def _dealer_blocking_errors(self):
        """Confirmation errors no approval overrides (the region is overridden by the approval)."""
        self.ensure_one()
        order = self.with_context(dealer_review_override=True)
        if order.dealer_flow == "fulfillment" and not order.fulfillment_dealer_id:
            return []  # routed (or shipped from the own warehouse) by the approval
        errors = order._dealer_confirmation_errors()
        region = not order.dealer_region_override and order._dealer_region_error()
        return [error for error in errors if error != region]

    def _dealer_approve(self, override_reason=None):
        """Confirm the held orders (checked by the caller); ``override_reason`` lets the
        overridable errors pass, is kept on the order and logged in its chatter."""
        self._dealer_check_reviewer()
        self._dealer_check_held("approve")
        override_reason = (override_reason or "").strip()
        missing = self.filtered(lambda order: order._dealer_overridable_errors()) if not override_reason else None
        if missing:
            raise UserError(self.env._(
                "Give the reason for approving %(orders)s although these rules fail:\n%(errors)s",
                orders=", ".join(missing.mapped("name")),
                errors="\n".join(error for order in missing for error in order._dealer_overridable_errors()),
            ))
        for order in self:
            overridden = order._dealer_overridable_errors() if override_reason else []
            if override_reason:
                order = order.with_context(dealer_review_override=True)
            if order.dealer_flow == "fulfillment" and not order.fulfillment_dealer_id:
                # an authorization may have been granted since the submission; without
                # any, the operator's approval ships from the order's own warehouse
                order._dealer_fulfillment_route()
            if not order.dealer_region_override and order._dealer_region_error():
                reason = override_reason or self.env._("Approved on review by %(user)s.", user=self.env.user.name)
                order.write({"dealer_region_override": True, "dealer_region_override_reason": reason})
            if override_reason:
                order.dealer_review_override_reason = override_reason
            order.action_confirm()
            order._dealer_set_review("approved", order.dealer_review_message, event="approve")
            if override_reason:
                body = Markup("%s<br/>%s") % (
                    self.env._("Approved by %(user)s with an override: %(reason)s",
                               user=self.env.user.name, reason=override_reason),
                    Markup("<br/>").join(overridden) if overridden else "",
                )
                order.message_post(body=body, subtype_xmlid="mail.mt_note")
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
        self._dealer_check_held("reject")
        for order in self:
            order._dealer_set_review("rejected", reason, event="reject")
        return True
