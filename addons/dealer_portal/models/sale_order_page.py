from datetime import datetime, time

import pytz

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date, format_datetime


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """What the dealer order page of the portal shows: the order's status in the dealer's
    words, why a held order waits and what the dealer can do about it, the timeline of the
    order, its wallet payments, deliveries and invoices; and the dealer's own actions on it
    (cancel while held, back to the cart)."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    dealer_portal_note = fields.Text(
        string="Dealer's Note", copy=False, readonly=True,
        help="What the dealer wrote when submitting the order in the portal; the dealer sees it on its order page.",
    )

    # ------------------------------------------------------------------
    # Status in the dealer's words
    # ------------------------------------------------------------------
    def _dealer_portal_status(self):
        """``(code, label, badge class)`` of the dealer order as the dealer reads it.

        An order confirmed in the backend without a submission is confirmed, not "not
        submitted"; once confirmed, the deliveries tell how far it is.
        """
        self.ensure_one()
        _ = self.env._
        if self.state == "cancel":
            return "cancelled", _("Cancelled"), "text-bg-secondary"
        if self.state == "sale":
            if self.delivery_status == "full":
                return "delivered", _("Delivered"), "text-bg-success"
            if self.delivery_status in ("started", "partial"):
                return "delivering", _("Partially delivered"), "text-bg-info"
            return "confirmed", _("Confirmed"), "text-bg-success"
        if self.dealer_review_state == "held":
            return "held", _("Awaiting review"), "text-bg-warning"
        if self.dealer_review_state == "rejected":
            return "rejected", _("Rejected"), "text-bg-danger"
        if self.dealer_portal_cart:
            return "cart", _("In your cart"), "text-bg-light"
        return "quotation", _("Quotation"), "text-bg-light"

    def _dealer_portal_advice(self, code):
        """HOOK: what the dealer can do about a failed review rule of ``code``."""
        _ = self.env._
        return {
            "moq": _("Put the order back in your cart and change the quantities to the minimum and multiple shown."),
            "catalog": _("Put the order back in your cart without this product."),
            "region": _("The brand decides on deliveries outside your regions; you can also cancel the order."),
            "stock": _("The brand checks its stock and decides; you can also put the order back in your cart "
                       "with smaller quantities."),
            "payment": _("Top up your wallet or ask the brand for credit, then put the order back in your cart "
                         "and submit it again."),
            "overdue": _("Pay your overdue invoices; the brand decides after checking your account."),
            "fulfillment": _("The brand chooses who delivers the order and decides."),
        }.get(code, _("The brand reviews the order and decides; its decision shows here."))

    def _dealer_portal_held_reasons(self):
        """``[{"rule", "reason", "advice"}]``: why the held order waits, one entry per failed rule
        of the latest review (the review's own message when no rule failed, e.g. a flow that
        an operator always reviews)."""
        self.ensure_one()
        if self.dealer_review_state != "held":
            return []
        # sudo: the review log is not readable by portal users; only the messages the review
        # wrote for this (already access-checked) order are shown
        log = self.sudo().dealer_review_log_ids.filtered(lambda entry: entry.event == "submit")[:1]
        failed = log.line_ids.filtered(lambda line: not line.passed)
        if failed:
            return [{
                "rule": line.rule_id.name,
                "reason": line.message or "",
                "advice": self._dealer_portal_advice(line.rule_id.code),
            } for line in failed]
        return [{"rule": "", "reason": self.dealer_review_message or "", "advice": self._dealer_portal_advice(None)}]

    # ------------------------------------------------------------------
    # Money in one convention (the company's: tax included or excluded)
    # ------------------------------------------------------------------
    def _dealer_portal_tax_included(self):
        self.ensure_one()
        return (self.company_id or self.env.company).dealer_portal_price_display == "tax_included"

    def _dealer_portal_amounts(self):
        """The cart / order summary in the company's price convention, tax shown once.

        ``goods`` is what the ordered lines cost, ``discount`` (negative) the change the
        promotions' discount lines make to the total, ``free`` the free goods with their value
        (they cost nothing: not a discount of the total); ``goods + discount`` is the total in
        the convention (tax included: ``amount_total``; excluded: ``amount_untaxed``).
        """
        self.ensure_one()
        included = self._dealer_portal_tax_included()
        field = "price_total" if included else "price_subtotal"
        products = self._dealer_portal_product_lines()
        promotion_lines = self.order_line.filtered("dealer_promotion_id")
        discounts = promotion_lines.filtered(lambda line: line.dealer_promotion_kind == "discount")
        free = promotion_lines.filtered(lambda line: line.dealer_promotion_kind == "free")
        # free goods are worth what the same product costs the dealer on this order
        unit_prices = {line.product_id: line._dealer_portal_unit_price(included) for line in products
                       if line.product_uom == line.product_id.uom_id}

        def free_value(line):
            if line.product_id in unit_prices and line.product_uom == line.product_id.uom_id:
                return self.currency_id.round(unit_prices[line.product_id] * line.product_uom_qty)
            return line._dealer_portal_free_value(included)

        return {
            "tax_included": included,
            "goods": sum(products.mapped(field)),
            "discount": sum(discounts.mapped(field)),
            "discount_lines": [(line, line[field]) for line in discounts],
            "free": [(line, free_value(line)) for line in free],
            "untaxed": self.amount_untaxed,
            "tax": self.amount_tax,
            "total": self.amount_total,
        }

    # ------------------------------------------------------------------
    # Timeline, payments, deliveries, invoices
    # ------------------------------------------------------------------
    def _dealer_portal_deliveries(self):
        """The outgoing deliveries of the order (returns excluded), oldest first."""
        self.ensure_one()
        return self.picking_ids.filtered(lambda picking: picking.picking_type_code == "outgoing").sorted("id")

    def _dealer_portal_invoices(self):
        """The posted customer invoices and credit notes of the order."""
        self.ensure_one()
        return self.invoice_ids.filtered(lambda move: move.state == "posted").sorted("id")

    def _dealer_portal_payment_state(self, payment):
        """Label of a wallet payment line: reserved at confirmation, consumed by the invoices."""
        _ = self.env._
        currency = self.currency_id
        if currency.compare_amounts(payment.consumed_amount, payment.amount) >= 0:
            return _("Paid")
        if currency.compare_amounts(payment.consumed_amount, 0.0) > 0:
            return _("Partly paid")
        if currency.compare_amounts(payment.reserved_amount, 0.0) > 0:
            return _("Reserved")
        if self.state == "cancel":
            return _("Released")
        return _("Reserved at confirmation")

    def _dealer_portal_timeline(self):
        """``[{"date", "when", "title", "detail", "kind"}]`` of the order, oldest first: submission,
        review decisions, confirmation, each delivery, each invoice and each wallet payment.
        ``kind`` is done, pending or danger (how the step is drawn)."""
        self.ensure_one()
        _ = self.env._
        # sudo: the review log and the wallet transactions of this (already access-checked)
        # order are read to date its steps; only their dates and amounts are shown
        order = self.sudo()
        # the time zone of the request (the portal user's), not the one of the superuser
        tz = self.env.context.get("tz") or self.env.user.tz or "UTC"
        steps = []

        def add(date, title, detail="", kind="done"):
            if not date:
                return
            if isinstance(date, datetime):
                when = format_datetime(self.env, date, tz=tz, dt_format="short")
            else:
                when = format_date(self.env, date)
                # a day (an invoice date) ends at midnight of the reader's time zone, not UTC's:
                # a day's step never sorts before what happened earlier that local day
                date = pytz.timezone(tz).localize(datetime.combine(date, time.max)).astimezone(
                    pytz.utc).replace(tzinfo=None)
            # steps of the same moment keep the order they happen in (added in that order)
            steps.append({"date": date, "rank": len(steps), "when": when, "title": title, "detail": detail,
                          "kind": kind})

        add(order.dealer_submit_date, _("Submitted"))
        logs = order.dealer_review_log_ids.sorted(lambda entry: (entry.date, entry.id))
        for log in logs:
            if log.state == "held":
                add(log.date, _("Held for review"), kind="pending")
            elif log.state == "rejected":
                add(log.date, _("Rejected"), log.message or "", kind="danger")
            elif log.automatic:
                add(log.date, _("Approved automatically"))
            else:
                add(log.date, _("Approved by the brand"))
        if order.state == "sale":
            # confirmed by the approval: never shown before it (the two are one step apart)
            approved = logs.filtered(lambda entry: entry.state == "approved")[-1:]
            add(max(order.date_order, approved.date) if approved else order.date_order, _("Confirmed"))
        elif order.state == "cancel":
            add(order.write_date, _("Cancelled"), kind="danger")
        for picking in order._dealer_portal_deliveries():
            if picking.state == "done":
                add(picking.date_done, _("Delivered: %(delivery)s", delivery=picking.name),
                    picking.dealer_tracking_ref or "")
            elif picking.state != "cancel":
                add(picking.scheduled_date, _("Delivery planned: %(delivery)s", delivery=picking.name),
                    kind="pending")
        for invoice in order._dealer_portal_invoices():
            add(invoice.invoice_date, _("Invoiced: %(invoice)s", invoice=invoice.name),
                order.currency_id.format(invoice.amount_total))
        consumed = order.dealer_payment_ids.transaction_ids.filtered(
            lambda entry: entry.kind == "consume" and entry.state == "posted")
        for entry in consumed.sorted(lambda entry: (entry.date, entry.id)):
            wallet_types = dict(entry.wallet_id._fields["wallet_type"]._description_selection(self.env))
            add(entry.date, _("Paid from %(wallet)s", wallet=wallet_types.get(entry.wallet_type, "")),
                entry.currency_id.format(-entry.amount))
        steps.sort(key=lambda step: (step["date"], step["rank"]))
        return steps

    def _dealer_portal_amount_due(self):
        """What the order still owes outside the dealer's wallets (never negative)."""
        self.ensure_one()
        due = self.amount_total - sum(self.sudo().dealer_payment_ids.mapped("amount"))
        paid = sum(self.sudo().transaction_ids.filtered(lambda tx: tx.state == "done").mapped("amount"))
        due -= paid
        return due if self.currency_id.compare_amounts(due, 0.0) > 0 else 0.0

    def _dealer_portal_can_pay_online(self):
        """A pay-now button only when the order owes something outside the wallets and the
        company has an online payment provider."""
        self.ensure_one()
        if self.state not in ("sale",) or not self._dealer_portal_amount_due():
            return False
        # sudo: portal users cannot read payment providers; only their existence is tested
        return bool(self.env["payment.provider"].sudo().search_count([
            ("state", "in", ("enabled", "test")), ("company_id", "=", self.company_id.id),
        ], limit=1))

    # ------------------------------------------------------------------
    # The dealer's actions
    # ------------------------------------------------------------------
    def _dealer_portal_check_own(self):
        """The orders are the current portal dealer's own."""
        partner = self.env.user.partner_id.commercial_partner_id
        # sudo: reading the customer of the orders to check they are the user's dealer's own
        if self.sudo().filtered(lambda order: order.partner_id.commercial_partner_id != partner):
            raise AccessError(self.env._("This is not your order."))

    def _dealer_portal_cancel(self, reason=None):
        """Cancel the dealer's own order while it waits for the review: the wallet
        reservations (if any) are released and the chatter says who cancelled it."""
        self.ensure_one()
        self._dealer_portal_check_own()
        order = self.sudo()  # sudo: portal users cannot write orders; ownership is checked above
        if order.state not in ("draft", "sent") or order.dealer_review_state != "held":
            raise UserError(self.env._("Only an order waiting for review can be cancelled here: %(order)s is not.",
                                       order=order.name))
        order._action_cancel()
        body = self.env._("Cancelled by the dealer in the portal.")
        if reason and reason.strip():
            body = self.env._("Cancelled by the dealer in the portal: %(reason)s", reason=reason.strip())
        order.message_post(body=body, author_id=self.env.user.partner_id.id, message_type="comment",
                           subtype_xmlid="mail.mt_note")
        return order
