from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import allocate_proportionally, autosplit


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_payment_ids = fields.One2many(
        "dealer.order.payment", "order_id", string="Wallet Payments", copy=False,
        help="How the dealer pays this order from its wallets. Leave empty for an ordinary on-account order.",
    )
    dealer_payment_total = fields.Monetary(string="Paid from Wallets", compute="_compute_dealer_payment_total")
    dealer_payment_difference = fields.Monetary(
        string="Not Covered by Wallets", compute="_compute_dealer_payment_total",
    )
    dealer_wallet_reserved_amount = fields.Monetary(
        string="Reserved in Wallets", compute="_compute_dealer_wallet_reserved_amount",
    )
    dealer_wallet_transaction_ids = fields.One2many(
        "dealer.wallet.transaction", "sale_order_id", string="Wallet Transactions",
    )

    @api.depends("dealer_payment_ids.amount", "amount_total")
    def _compute_dealer_payment_total(self):
        for order in self:
            total = sum(order.dealer_payment_ids.mapped("amount"))
            order.dealer_payment_total = total
            order.dealer_payment_difference = order.amount_total - total if order.dealer_payment_ids else 0.0

    @api.depends("dealer_payment_ids.reserved_amount")
    def _compute_dealer_wallet_reserved_amount(self):
        for order in self:
            order.dealer_wallet_reserved_amount = sum(order.dealer_payment_ids.mapped("reserved_amount"))

    # ------------------------------------------------------------------
    # Auto-split
    # ------------------------------------------------------------------
    def action_wallet_autosplit(self):
        """Fill the wallet payments of draft dealer orders by the company policy.

        Returns a warning notification when the wallets cannot cover the total; the
        lines then cover what they can and the confirmation lists the gap.
        """
        uncovered_orders = []
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(self.env._("Only quotations can be split over wallets (%(order)s).",
                                           order=order.name))
            partner = order.partner_id.commercial_partner_id
            # the old lines go first: the sources must not count what they took
            order.dealer_payment_ids = [fields.Command.clear()]
            commands, uncovered = order._dealer_wallet_split_commands(order._dealer_payment_target())
            order.dealer_payment_ids = commands
            if order.currency_id.compare_amounts(uncovered, 0.0) > 0:
                uncovered_orders.append((order, uncovered, partner))
        if not uncovered_orders:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Wallets do not cover the order"),
                "message": "\n".join(self.env._(
                    "%(order)s: %(amount)s not covered by the wallets of %(dealer)s.",
                    order=order.name, amount=order.currency_id.format(uncovered), dealer=partner.display_name,
                ) for order, uncovered, partner in uncovered_orders),
                "type": "warning",
                "sticky": False,
            },
        }

    def _dealer_payment_target(self):
        """HOOK: what the wallet payments must add up to now (default: the order total).

        dealer_order returns the deposit while the balance of a deposit order is unpaid.
        """
        self.ensure_one()
        return self.amount_total

    def _dealer_payment_target_error(self, paid, target):
        """HOOK: the message when the wallet payments (``paid``) differ from ``target``."""
        self.ensure_one()
        return self.env._(
            "The wallet payments (%(paid)s) must equal the order total (%(total)s).",
            paid=self.currency_id.format(paid), total=self.currency_id.format(target),
        )

    def _dealer_wallet_split_commands(self, amount):
        """``(commands, uncovered)``: payment lines to create for ``amount`` from the
        wallets, by the company policy, numbered after the order's existing lines
        (dealer_order pays a presale balance with it, on top of the deposit lines)."""
        self.ensure_one()
        sources = self._dealer_wallet_autosplit_sources()
        allocations, uncovered = autosplit(amount, [
            (index, available) for index, (_wallet, _quota, available) in enumerate(sources)
        ], digits=self.currency_id.decimal_places)
        start = max(self.dealer_payment_ids.mapped("sequence") or [0]) // 10 + 1
        commands = []
        for sequence, (index, share) in enumerate(allocations, start=start):
            wallet, quota, _available = sources[index]
            commands.append(fields.Command.create({
                "sequence": sequence * 10, "wallet_id": wallet.id, "quota_id": quota.id if quota else False,
                "amount": share,
            }))
        return commands, uncovered

    def _dealer_wallet_autosplit_sources(self):
        """``[(wallet, quota, available), ...]`` in the order the company policy takes them.

        Hook: override to add sources or change their order for some orders.
        """
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        wallets = self.env["dealer.wallet"].search([
            ("partner_id", "=", partner.id), ("company_id", "=", self.company_id.id),
            ("currency_id", "=", self.currency_id.id),
        ])
        by_type = {wallet.wallet_type: wallet for wallet in wallets}
        rebate_cap = self.amount_total * self.company_id.dealer_wallet_rebate_max_percent / 100.0
        today = fields.Date.context_today(self)
        sources = []
        for source in self.company_id._dealer_wallet_split_sources():
            if source in ("cash", "rebate"):
                wallet = by_type.get(source)
                if wallet:
                    available = wallet.available_amount
                    if source == "rebate":
                        available = min(available, rebate_cap)
                    sources.append((wallet, None, available))
            elif source == "credit_regular" and by_type.get("credit"):
                wallet = by_type["credit"]
                sources.append((wallet, None, wallet.regular_available_amount))
            elif source == "credit_special" and by_type.get("credit"):
                quotas = by_type["credit"].quota_ids.filtered(lambda q: q._is_valid_on(today))
                for quota in quotas.sorted(lambda q: (q.date_to, q.id)):
                    sources.append((by_type["credit"], quota, quota.available_amount))
        return sources

    # ------------------------------------------------------------------
    # Confirmation checks
    # ------------------------------------------------------------------
    def _dealer_confirmation_errors(self):
        errors = super()._dealer_confirmation_errors()
        return errors + self._dealer_wallet_payment_errors()

    def _confirmation_error_message(self):
        error = super()._confirmation_error_message()
        if error or self.dealer_id or not self.dealer_payment_ids:
            return error
        # wallet payments on a customer that is not (or no longer) a dealer
        errors = self._dealer_wallet_payment_errors()
        return "\n\n".join(errors) if errors else False

    def _dealer_wallet_payment_errors(self):
        """Messages that prevent confirming the order with its wallet payments."""
        self.ensure_one()
        lines = self.dealer_payment_ids
        if not lines:
            return []
        errors = []
        currency = self.currency_id
        partner = self.partner_id.commercial_partner_id
        today = fields.Date.context_today(self)
        total = sum(lines.mapped("amount"))
        target = self._dealer_payment_target()
        if currency.compare_amounts(total, target):
            errors.append(self._dealer_payment_target_error(total, target))
        per_bucket = defaultdict(float)
        for line in lines:
            wallet = line.wallet_id
            if wallet.partner_id != partner:
                errors.append(self.env._(
                    "The wallet %(wallet)s belongs to another dealer than %(dealer)s.",
                    wallet=wallet.display_name, dealer=partner.display_name,
                ))
                continue
            if wallet.company_id != self.company_id:
                errors.append(self.env._("The wallet %(wallet)s belongs to another company.",
                                         wallet=wallet.display_name))
                continue
            if wallet.currency_id != currency:
                errors.append(self.env._(
                    "The wallet %(wallet)s is in %(wallet_currency)s but the order is in %(currency)s.",
                    wallet=wallet.display_name, wallet_currency=wallet.currency_id.name, currency=currency.name,
                ))
                continue
            if not wallet.active:
                errors.append(self.env._("The wallet %(wallet)s is archived.", wallet=wallet.display_name))
                continue
            if line.quota_id and not line.quota_id._is_valid_on(today):
                errors.append(self.env._(
                    "The special credit %(quota)s is not valid today (valid %(date_from)s to %(date_to)s).",
                    quota=line.quota_id.name, date_from=line.quota_id.date_from, date_to=line.quota_id.date_to,
                ))
                continue
            per_bucket[(wallet, line.quota_id)] += line.amount
        for (wallet, quota), amount in per_bucket.items():
            available = wallet._get_bucket_available(quota=quota or None)
            if currency.compare_amounts(amount, available) > 0:
                errors.append(wallet._insufficient_message(amount, available, quota or None))
        rebate_total = sum(lines.filtered(lambda item: item.wallet_type == "rebate").mapped("amount"))
        cap_percent = self.company_id.dealer_wallet_rebate_max_percent
        if rebate_total and currency.compare_amounts(rebate_total, self.amount_total * cap_percent / 100.0) > 0:
            errors.append(self.env._(
                "At most %(percent)s%% of the order may be paid with rebates (%(amount)s requested).",
                percent=cap_percent, amount=currency.format(rebate_total),
            ))
        return errors

    # ------------------------------------------------------------------
    # Reservation / release / consumption (public API of the suite)
    # ------------------------------------------------------------------
    def _action_confirm(self):
        res = super()._action_confirm()
        self.filtered("dealer_payment_ids")._dealer_wallet_reserve()
        return res

    def _action_cancel(self):
        self.filtered("dealer_payment_ids")._dealer_wallet_release()
        return super()._action_cancel()

    def _dealer_wallet_reserve(self):
        """Reserve the wallet payments of the orders (at confirmation)."""
        for order in self:
            lines = order.dealer_payment_ids
            errors = order._dealer_wallet_payment_errors()
            if errors:
                raise UserError("\n".join(errors))
            lines.wallet_id._lock()
            for line in lines:
                if order.currency_id.compare_amounts(line._get_reserved_amount() + line.consumed_amount, 0.0) > 0:
                    continue  # already reserved (e.g. confirmation retried)
                line.wallet_id._reserve(line.amount, sale_order=order, quota=line.quota_id or None, payment_line=line)
        return True

    def _dealer_wallet_release(self, amount=None):
        """Release what the orders still hold in wallets (all of it when ``amount`` is None)."""
        for order in self:
            lines = order.dealer_payment_ids
            if not lines:
                continue
            lines.wallet_id._lock()
            weights = [(line, line._get_reserved_amount()) for line in lines]
            if amount is None:
                shares = weights
            else:
                shares = allocate_proportionally(amount, weights, digits=order.currency_id.decimal_places)
            for line, share in shares:
                if order.currency_id.compare_amounts(share, 0.0) > 0:
                    line.wallet_id._release(share, sale_order=order, quota=line.quota_id or None, payment_line=line)
        return True

    def _dealer_wallet_consume(self, invoice, amount):
        """Consume ``amount`` of the order's reservations for ``invoice``, in proportion
        to what each payment line still holds.

        Cash and rebate become journal entries reconciled with the invoice's
        receivable; credit is recorded as used and stays receivable.
        """
        transactions = self.env["dealer.wallet.transaction"]
        for line, share, key in self._dealer_wallet_split(amount, "_get_reserved_amount", "invoice", invoice):
            common = {
                "origin": invoice.name, "sale_order_id": self.id, "quota_id": line.quota_id.id,
                "payment_line_id": line.id, "invoice_id": invoice.id, "date": invoice.date,
            }
            transactions |= line.wallet_id._post_transactions([
                {**common, "kind": "release", "amount": share},
                {**common, "kind": "consume", "amount": -share, "idempotency_key": key},
            ])
        return transactions

    def _dealer_wallet_refund(self, credit_note, amount):
        """Give back to the wallets the part of ``credit_note`` paid from them.

        The credit note is split over the payment lines in proportion to what each
        consumed (net of earlier refunds). Cash and rebate shares return to their
        wallet with an entry (Dr receivable, Cr customer advances / rebate liability)
        reconciled with the credit note; credit shares need nothing here: the credit
        note settles the receivable and the credit is freed with it.
        """
        transactions = self.env["dealer.wallet.transaction"]
        for line, share, key in self._dealer_wallet_split(amount, "_get_refundable_amount", "credit-note", credit_note):
            if line.wallet_type == "credit":
                continue
            transactions |= line.wallet_id._post_transactions([{
                "kind": "refund", "amount": share, "idempotency_key": key, "origin": credit_note.name,
                "sale_order_id": self.id, "payment_line_id": line.id, "invoice_id": credit_note.id,
                "date": credit_note.date,
            }])
        return transactions

    def _dealer_wallet_split(self, amount, weight_method, key_prefix, document):
        """Split ``amount`` of ``document`` (an invoice or credit note) over the
        payment lines in proportion to ``line.<weight_method>()``, their wallets
        locked. Yields ``(line, share, idempotency key)`` for every positive share
        not posted yet, so a retried posting never moves money twice."""
        self.ensure_one()
        lines = self.dealer_payment_ids
        if not lines:
            return
        currency = self.currency_id
        lines.wallet_id._lock()
        weights = [(line, getattr(line, weight_method)()) for line in lines]
        for line, share in allocate_proportionally(amount, weights, digits=currency.decimal_places):
            if currency.compare_amounts(share, 0.0) <= 0:
                continue
            key = f"{key_prefix}-{document.id}-payment-{line.id}"
            if line.wallet_id._find_idempotent(key, share):
                continue
            yield line, share, key

    def action_view_wallet_transactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_wallet.dealer_wallet_transaction_action")
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action
