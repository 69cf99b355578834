from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dealer_base.tools import in_user_language

DEPOSIT_STATES = [
    ("deposit_paid", "Deposit Paid"),
    ("balance_paid", "Balance Paid"),
    ("expired", "Expired"),
]


# one concern of the model per file, on purpose (the model is merged by the registry)
class SaleOrder(models.Model):
    """Deposit orders (presale, and the flows that ``_dealer_is_deposit_order`` adds):
    the deposit paid from the wallets at submission, the balance before delivery, the
    expiry of unpaid orders."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    # deposit orders (presale, and the flows that other modules add)
    deposit_ratio = fields.Float(
        digits=(16, 4), compute="_compute_deposit_ratio", store=True, readonly=False, precompute=True, copy=True,
        help="Share of the total paid as deposit when the order is submitted (0.3 = 30%).",
    )
    deposit_amount = fields.Monetary(
        string="Deposit", compute="_compute_deposit_amount", store=True, readonly=False, copy=False,
    )
    deposit_balance_amount = fields.Monetary(string="Balance", compute="_compute_deposit_balance_amount")
    deposit_balance_due_date = fields.Date(
        string="Balance Due Date", compute="_compute_deposit_balance_due_date", store=True, readonly=False,
        precompute=True, copy=False, tracking=True,
        help="The balance must be paid by this date; an unpaid order then expires.",
    )
    deposit_state = fields.Selection(DEPOSIT_STATES, string="Deposit Status", copy=False, readonly=True,
                                     tracking=True, index="btree_not_null")
    dealer_is_deposit_order = fields.Boolean(compute="_compute_dealer_is_deposit_order")

    # the names of the SPEC contract (earlier versions' fields), for integrators: the
    # deposit fields under their presale names, read and written through
    presale_deposit_ratio = fields.Float(related="deposit_ratio", readonly=False, string="Presale Deposit Ratio")
    presale_deposit_amount = fields.Monetary(related="deposit_amount", readonly=False, string="Presale Deposit")
    presale_balance_due_date = fields.Date(related="deposit_balance_due_date", readonly=False,
                                           string="Presale Balance Due Date")
    presale_state = fields.Selection(related="deposit_state", string="Presale Status")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("dealer_flow")
    def _compute_dealer_is_deposit_order(self):
        for order in self:
            order.dealer_is_deposit_order = order._dealer_is_deposit_order()

    @api.depends("dealer_flow", "company_id")
    def _compute_deposit_ratio(self):
        for order in self:
            if order._dealer_is_deposit_order():
                order.deposit_ratio = order._dealer_order_flow().deposit_ratio
            else:
                order.deposit_ratio = 0.0

    @api.depends("amount_total", "deposit_ratio")
    def _compute_deposit_amount(self):
        for order in self:
            order.deposit_amount = (
                order.currency_id.round(order.amount_total * order.deposit_ratio)
                if order.currency_id else 0.0
            )

    @api.depends("amount_total", "deposit_amount", "deposit_state")
    def _compute_deposit_balance_amount(self):
        for order in self:
            order.deposit_balance_amount = (
                0.0 if order.deposit_state == "balance_paid" else order.amount_total - order.deposit_amount
            )

    @api.depends("dealer_flow", "company_id")
    def _compute_deposit_balance_due_date(self):
        # not on date_order: the confirmation rewrites it and must keep the due date set
        for order in self:
            if order._dealer_is_deposit_order():
                start = fields.Date.context_today(order)
                order.deposit_balance_due_date = start + timedelta(days=order._dealer_order_flow().balance_days)
            else:
                order.deposit_balance_due_date = False

    # ------------------------------------------------------------------
    # Wallet payments of deposit orders
    # ------------------------------------------------------------------
    def _dealer_payment_target(self):
        """The deposit while the balance of a deposit order is unpaid, else the total."""
        self.ensure_one()
        if self._dealer_is_deposit_order() and self.deposit_state != "balance_paid" and \
                not self.env.context.get("dealer_deposit_balance"):
            return self.deposit_amount
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
                self.env.context.get("dealer_deposit_balance") or self.deposit_state == "balance_paid":
            return errors
        # the deposit is money: cash (and rebate when the company allows it), never credit
        if self.dealer_payment_ids.filtered(lambda line: line.wallet_type == "credit"):
            errors.append(self.env._("A deposit is paid with money (cash wallet), not with credit."))
        if not self.company_id.dealer_deposit_allow_rebate and \
                self.dealer_payment_ids.filtered(lambda line: line.wallet_type == "rebate"):
            errors.append(self.env._("A deposit cannot be paid from the rebate wallet in %(company)s.",
                                     company=self.company_id.display_name))
        return errors

    def _dealer_wallet_autosplit_sources(self):
        sources = super()._dealer_wallet_autosplit_sources()
        if not self._dealer_is_deposit_order():
            return sources
        if not self.env.context.get("dealer_deposit_balance"):
            # the deposit is real money: cash (and rebate when the company allows it)
            allowed = {"cash", "rebate"} if self.company_id.dealer_deposit_allow_rebate else {"cash"}
            sources = [source for source in sources if source[0].wallet_type in allowed]
        # the rebate cap applies to the whole order: what earlier lines took counts
        used_rebate = sum(self.dealer_payment_ids.filtered(lambda line: line.wallet_type == "rebate").mapped("amount"))
        cap = self.amount_total * self.company_id.dealer_wallet_rebate_max_percent / 100.0 - used_rebate
        return [
            (wallet, quota, min(available, cap) if wallet.wallet_type == "rebate" else available)
            for wallet, quota, available in sources
        ]

    # ------------------------------------------------------------------
    # Balance and expiry
    # ------------------------------------------------------------------
    def action_deposit_pay_balance(self):
        """Pay the balance of confirmed deposit orders from the wallets (split by the
        company policy) and reserve it; the delivery can then be validated.

        Like the submission, a portal dealer may pay the balance of its own orders."""
        orders = self._dealer_portal_orders() if self.env.user._is_portal() else self
        for order in orders:
            if not order._dealer_is_deposit_order():
                raise UserError(self.env._("%(order)s is not paid by deposit.", order=order.name))
            if order.state != "sale" or order.deposit_state != "deposit_paid":
                raise UserError(self.env._(
                    "The balance of %(order)s can be paid only once its deposit is paid and before it expires.",
                    order=order.name,
                ))
        orders._dealer_lock_wallets(all_wallets=True)
        for order in orders:
            order._dealer_deposit_pay_balance()
        return True

    def _dealer_deposit_pay_balance(self):
        self.ensure_one()
        order = self.with_context(dealer_deposit_balance=True)
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
            order.with_context(dealer_deposit_balance_payment=True).dealer_payment_ids = commands
            # reserve the new lines only (the deposit lines are reserved already); _reserve
            # checks the availability again under the wallet lock
            for line in order.dealer_payment_ids - before:
                line.wallet_id._reserve(line.amount, sale_order=order, quota=line.quota_id or None,
                                        payment_line=line)
        order.deposit_state = "balance_paid"
        order.message_post(body=self.env._("Balance of %(amount)s paid from the wallets.",
                                           amount=currency.format(max(remainder, 0.0))))

    @api.model
    @in_user_language
    def _cron_deposit_expire(self):
        """Expire the deposit orders whose balance is unpaid after the due date."""
        today = fields.Date.context_today(self)
        orders = self.search([
            ("deposit_state", "=", "deposit_paid"), ("state", "=", "sale"),
            ("deposit_balance_due_date", "<", today),
        ])
        orders.filtered(lambda order: order._dealer_is_deposit_order())._dealer_deposit_expire()

    def _dealer_deposit_expire(self):
        """Cancel the orders (reservations and deliveries released) and forfeit or
        refund their deposit per the company setting."""
        for order in self:
            company = order.company_id
            policy = company.dealer_deposit_expiry_policy
            forfeited = 0.0
            if policy == "forfeit":
                forfeited = order._dealer_deposit_forfeit()
            order.with_context(disable_cancel_warning=True)._action_cancel()
            order.deposit_state = "expired"
            if policy == "forfeit":
                body = self.env._("Balance unpaid on %(date)s: the order expired and its deposit of %(amount)s "
                                  "is forfeited.", date=order.deposit_balance_due_date,
                                  amount=order.currency_id.format(forfeited))
            else:
                body = self.env._("Balance unpaid on %(date)s: the order expired and its deposit is refunded "
                                  "to the wallets.", date=order.deposit_balance_due_date)
            order.message_post(body=body)
        return True

    def _dealer_deposit_forfeit(self):
        """Turn the reserved deposit into income: release the reservation and debit
        the wallet (Dr customer advances / rebate liability, Cr forfeited deposits).
        Credit reservations are only released (credit is no money paid)."""
        self.ensure_one()
        account = self.company_id._dealer_deposit_forfeit_account()
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
            # the idempotency keys are those of the ledgers of earlier versions
            wallet._release(reserved, sale_order=self, quota=line.quota_id or None, payment_line=line,
                            idempotency_key="presale-expiry-release-%s" % line.id)
            if wallet.wallet_type == "credit":
                continue
            wallet._debit(
                reserved, kind="deposit", idempotency_key="presale-forfeit-%s" % line.id, origin=self.name,
                sale_order=self, payment_line=line, counterpart_account=account,
                memo=self.env._("Forfeited deposit"),
            )
            total += reserved
        return total

    # ------------------------------------------------------------------
    # The names of the SPEC contract (earlier versions' methods)
    # ------------------------------------------------------------------
    def action_presale_pay_balance(self):
        """Contract name of :meth:`action_deposit_pay_balance` (pays the balance of
        presale and every other deposit order), kept for integrators."""
        return self.action_deposit_pay_balance()

    @api.model
    @in_user_language
    def _cron_presale_expire(self):
        """Earlier name of :meth:`_cron_deposit_expire`, for scheduled actions that call it."""
        return self._cron_deposit_expire()
