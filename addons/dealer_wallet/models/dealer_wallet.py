from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.dealer_base.tools import in_user_language, lock_rows
from odoo.exceptions import UserError, ValidationError

WALLET_TYPES = [
    ("cash", "Cash"),
    ("rebate", "Rebate"),
    ("credit", "Credit"),
]


class DealerWallet(models.Model):
    _name = "dealer.wallet"
    _description = "Dealer Wallet"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "partner_id, wallet_type"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, ondelete="restrict", tracking=True,
        domain="[('is_company', '=', True)]",
    )
    wallet_type = fields.Selection(WALLET_TYPES, string="Type", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", store=True, string="Currency")
    active = fields.Boolean(default=True, tracking=True)
    # Figures maintained by the ledger writers under the wallet row lock
    # (see _post_transactions); the integrity check compares them with the ledger.
    balance = fields.Monetary(
        readonly=True, copy=False, default=0.0,
        help="Cash and rebate: sum of the posted transactions. Credit: minus the credit in use.",
    )
    reserved_amount = fields.Monetary(
        string="Reserved", readonly=True, copy=False, default=0.0,
        help="Amount held by confirmed orders that are not invoiced yet.",
    )
    available_amount = fields.Monetary(
        string="Available", compute="_compute_available_amount",
        help="Cash and rebate: balance minus reserved. Credit: regular limit plus the special quotas "
        "valid today, minus the credit in use and the reservations.",
    )
    credit_limit = fields.Monetary(string="Regular Credit Limit", tracking=True, copy=False)
    credit_used_amount = fields.Monetary(
        string="Credit Used", compute="_compute_credit_figures",
        help="Credit consumed by invoices that are not paid yet.",
    )
    regular_used_amount = fields.Monetary(string="Regular Credit Used", compute="_compute_credit_figures")
    regular_reserved_amount = fields.Monetary(string="Regular Credit Reserved", compute="_compute_credit_figures")
    regular_available_amount = fields.Monetary(string="Regular Credit Available", compute="_compute_credit_figures")
    quota_available_amount = fields.Monetary(string="Special Credit Available", compute="_compute_credit_figures")
    quota_ids = fields.One2many("dealer.wallet.quota", "wallet_id", string="Special Credit Quotas")
    transaction_ids = fields.One2many("dealer.wallet.transaction", "wallet_id", string="Transactions")
    transaction_count = fields.Integer(compute="_compute_transaction_count")
    note = fields.Html()

    _sql_constraints = [
        ("partner_type_company_uniq", "unique(partner_id, wallet_type, company_id)",
         "A dealer has only one wallet of each type per company."),
        ("credit_limit_positive", "CHECK(credit_limit >= 0)", "The credit limit cannot be negative."),
    ]

    @api.depends("partner_id.name", "wallet_type")
    def _compute_name(self):
        labels = dict(self._fields["wallet_type"]._description_selection(self.env))
        for wallet in self:
            wallet.name = "%s - %s" % (wallet.partner_id.name or "", labels.get(wallet.wallet_type, ""))

    @api.depends("balance", "reserved_amount", "credit_limit", "quota_ids.available_amount", "wallet_type")
    def _compute_available_amount(self):
        for wallet in self:
            if wallet.wallet_type == "credit":
                wallet.available_amount = wallet.regular_available_amount + wallet.quota_available_amount
            else:
                wallet.available_amount = wallet.balance - wallet.reserved_amount

    @api.depends("balance", "reserved_amount", "credit_limit", "quota_ids.used_amount",
                 "quota_ids.reserved_amount", "quota_ids.available_amount", "wallet_type")
    def _compute_credit_figures(self):
        for wallet in self:
            if wallet.wallet_type != "credit":
                wallet.update({
                    "credit_used_amount": 0.0, "regular_used_amount": 0.0, "regular_reserved_amount": 0.0,
                    "regular_available_amount": 0.0, "quota_available_amount": 0.0,
                })
                continue
            quotas = wallet.quota_ids
            used = -wallet.balance
            regular_used = used - sum(quotas.mapped("used_amount"))
            regular_reserved = wallet.reserved_amount - sum(quotas.mapped("reserved_amount"))
            wallet.update({
                "credit_used_amount": used,
                "regular_used_amount": regular_used,
                "regular_reserved_amount": regular_reserved,
                "regular_available_amount": wallet.credit_limit - regular_used - regular_reserved,
                "quota_available_amount": sum(quotas.mapped("available_amount")),
            })

    def _compute_transaction_count(self):
        counts = dict(self.env["dealer.wallet.transaction"]._read_group(
            [("wallet_id", "in", self.ids)], ["wallet_id"], ["__count"],
        ))
        for wallet in self:
            wallet.transaction_count = counts.get(wallet, 0)

    @api.constrains("partner_id")
    def _check_partner_commercial(self):
        for wallet in self:
            if wallet.partner_id != wallet.partner_id.commercial_partner_id:
                raise ValidationError(self.env._(
                    "Wallets belong to the company of a dealer, not to its contact %(partner)s.",
                    partner=wallet.partner_id.display_name,
                ))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_transactions(self):
        if self.env["dealer.wallet.transaction"].search_count([("wallet_id", "in", self.ids)], limit=1):
            raise UserError(self.env._("A wallet with transactions cannot be deleted; archive it instead."))

    def write(self, vals):
        if "credit_limit" in vals and any(wallet.wallet_type != "credit" for wallet in self) and vals["credit_limit"]:
            raise UserError(self.env._("Only credit wallets have a credit limit."))
        identity_change = {"partner_id", "wallet_type", "company_id"} & vals.keys()
        if identity_change and self.env["dealer.wallet.transaction"].search_count(
            [("wallet_id", "in", self.ids)], limit=1
        ):
            raise UserError(self.env._("The dealer, type and company of a wallet with transactions cannot change."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_transactions(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_wallet.dealer_wallet_transaction_action")
        action["domain"] = [("wallet_id", "in", self.ids)]
        action["context"] = {"default_wallet_id": self[:1].id, "search_default_filter_balance": 1}
        return action

    def action_topup(self):
        self.ensure_one()
        if self.wallet_type == "credit":
            raise UserError(self.env._("Credit wallets are not topped up: change the limit or add a special quota."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Top Up Wallet"),
            "res_model": "dealer.wallet.topup",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_wallet_type": self.wallet_type,
                "default_company_id": self.company_id.id,
            },
        }

    def action_statement(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Statement of Account"),
            "res_model": "dealer.wallet.statement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self[:1].partner_id.id},
        }

    def action_check_integrity(self):
        companies = self.company_id or self.env.companies
        differences = self.env["dealer.wallet"]._check_integrity(companies=companies, partners=self.partner_id or None)
        if differences:
            message = self.env._(
                "%(count)s difference(s) found; the managers received an activity with the list.",
                count=len(differences),
            )
            notif_type = "warning"
        else:
            message = self.env._("Ledger, wallets and general ledger agree.")
            notif_type = "success"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": self.env._("Wallet Integrity Check"), "message": message, "type": notif_type},
        }

    # ------------------------------------------------------------------
    # Wallet lookup and locking
    # ------------------------------------------------------------------
    @api.model
    def _get_wallet(self, partner, wallet_type, company=None, create=True):
        """The wallet of a dealer (commercial partner) of a type, created on demand."""
        company = company or self.env.company
        partner = partner.commercial_partner_id
        wallet = self.with_context(active_test=False).search([
            ("partner_id", "=", partner.id), ("wallet_type", "=", wallet_type), ("company_id", "=", company.id),
        ], limit=1)
        if not wallet and create:
            # sudo: opening the standard wallet of a dealer is a side effect of the first
            # movement (top-up, grant, evaluation) made by a user allowed to make it; the
            # wallet starts empty and carries no money by itself.
            wallet = self.sudo().create({
                "partner_id": partner.id, "wallet_type": wallet_type, "company_id": company.id,
            }).sudo(False)
        return wallet

    def _lock(self):
        """Lock the wallet rows (ordered to avoid deadlocks) and reload their figures.

        Every writer of balances calls this first: the row lock serializes the
        writers of one wallet, and under Odoo's REPEATABLE READ isolation a
        concurrent committed change makes the late transaction fail with a
        serialization error that the caller retries; no update is ever lost.

        Wallets listed in the context key ``dealer_wallet_locked_ids`` were locked by the
        caller earlier in this transaction (and not in a savepoint rolled back since, which
        would have released them): they are neither locked nor read again. The submission
        of dealer orders locks the dealer's wallets first and confirms under that lock.
        """
        locked = self.env.context.get("dealer_wallet_locked_ids")
        todo = self.filtered(lambda wallet: wallet.id not in locked) if locked else self
        if not todo:
            return self
        lock_rows(todo, ["balance", "reserved_amount", "credit_limit"])
        todo.quota_ids.invalidate_recordset(["used_amount", "reserved_amount", "amount", "state"])
        return self

    # ------------------------------------------------------------------
    # Availability
    # ------------------------------------------------------------------
    def _get_bucket_available(self, quota=None, date=None):
        """Available amount of the wallet, or of one of its special quotas, or of
        the regular credit line when ``quota`` is False on a credit wallet."""
        self.ensure_one()
        if self.wallet_type != "credit":
            return self.balance - self.reserved_amount
        if quota:
            return quota._get_available(date=date)
        return self.credit_limit - self.regular_used_amount - self.regular_reserved_amount

    def _check_available(self, amount, quota=None, date=None):
        self.ensure_one()
        available = self._get_bucket_available(quota=quota, date=date)
        if self.currency_id.compare_amounts(amount, available) > 0:
            raise UserError(self._insufficient_message(amount, available, quota))

    def _insufficient_message(self, amount, available, quota=None):
        return self.env._(
            "Insufficient funds in %(wallet)s%(quota)s: %(amount)s requested, %(available)s available.",
            wallet=self.display_name,
            quota=(" / %s" % quota.name) if quota else "",
            amount=self._format_amount(amount),
            available=self._format_amount(available),
        )

    def _format_amount(self, amount):
        self.ensure_one()
        return "%s %s" % (self.currency_id.symbol or "", f"{amount:,.2f}")

    # ------------------------------------------------------------------
    # Ledger writers (public API for the suite)
    # ------------------------------------------------------------------
    def _find_idempotent(self, idempotency_key, amount):
        """Existing transaction of this wallet for ``idempotency_key`` (a retried
        request), after checking it is the same request."""
        if not idempotency_key:
            return self.env["dealer.wallet.transaction"]
        existing = self.env["dealer.wallet.transaction"].search([
            ("wallet_id", "=", self.id), ("idempotency_key", "=", idempotency_key),
        ], limit=1)
        if existing and self.currency_id.compare_amounts(abs(existing.amount), amount):
            raise UserError(self.env._(
                "The request key %(key)s was already used on %(wallet)s for another amount (%(amount)s).",
                key=idempotency_key, wallet=self.display_name, amount=self._format_amount(abs(existing.amount)),
            ))
        return existing

    def _check_positive(self, amount):
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            raise UserError(self.env._("Wallet amounts must be positive (got %(amount)s).", amount=amount))

    def _start_movement(self, amount, idempotency_key):
        """Common start of every balance movement: one wallet, a positive amount,
        the wallet row locked; returns the transaction already posted with the
        same idempotency key (a retried request), if any."""
        self.ensure_one()
        self._check_positive(amount)
        self._lock()
        return self._find_idempotent(idempotency_key, amount)

    def _debit(self, amount, kind="consume", idempotency_key=None, origin=None, sale_order=None,
               quota=None, counterpart_account=None, date=None, create_move=True, payment_line=None,
               invoice=None, memo=None):
        """Take ``amount`` out of the wallet (cash/rebate balance, or credit use).

        Idempotent: calling it again with the same ``idempotency_key`` returns the
        transaction of the first call instead of charging twice.

        For cash and rebate wallets a journal entry moves the money from the
        customer advance (or rebate liability) account to ``counterpart_account``
        (default: the dealer's receivable, i.e. an outstanding credit that can be
        applied to its invoices). Credit wallets have no entry: the receivable
        of the invoice is the debt.

        :return: the dealer.wallet.transaction posted (or found)
        """
        existing = self._start_movement(amount, idempotency_key)
        if existing:
            return existing
        self._check_available(amount, quota=quota, date=date)
        return self._post_transactions([{
            "kind": kind, "amount": -amount, "idempotency_key": idempotency_key, "origin": origin,
            "sale_order_id": sale_order.id if sale_order else False,
            "quota_id": quota.id if quota else False,
            "payment_line_id": payment_line.id if payment_line else False,
            "invoice_id": invoice.id if invoice else False,
            "date": date, "memo": memo,
        }], create_move=create_move, counterpart_account=counterpart_account)

    def _credit(self, amount, kind="refund", idempotency_key=None, origin=None, sale_order=None,
                quota=None, counterpart_account=None, date=None, create_move=True, payment_line=None,
                invoice=None, memo=None):
        """Put ``amount`` back into the wallet (refund of a deposit, credit repayment...).

        Same idempotency and accounting rules as :meth:`_debit`, mirrored.
        """
        existing = self._start_movement(amount, idempotency_key)
        if existing:
            return existing
        if self.wallet_type == "credit" and kind != "reversal":
            used = -self.balance if not quota else quota.used_amount
            if self.currency_id.compare_amounts(amount, used) > 0:
                raise UserError(self.env._(
                    "Cannot repay %(amount)s on %(wallet)s: only %(used)s of credit is in use.",
                    amount=self._format_amount(amount), wallet=self.display_name, used=self._format_amount(used),
                ))
        return self._post_transactions([{
            "kind": kind, "amount": amount, "idempotency_key": idempotency_key, "origin": origin,
            "sale_order_id": sale_order.id if sale_order else False,
            "quota_id": quota.id if quota else False,
            "payment_line_id": payment_line.id if payment_line else False,
            "invoice_id": invoice.id if invoice else False,
            "date": date, "memo": memo,
        }], create_move=create_move, counterpart_account=counterpart_account)

    def _reserve(self, amount, sale_order=None, quota=None, origin=None, idempotency_key=None, payment_line=None):
        """Hold ``amount`` of the wallet (or quota) for an order."""
        existing = self._start_movement(amount, idempotency_key)
        if existing:
            return existing
        self._check_available(amount, quota=quota)
        return self._post_transactions([{
            "kind": "reserve", "amount": -amount, "idempotency_key": idempotency_key,
            "origin": origin or (sale_order.name if sale_order else False),
            "sale_order_id": sale_order.id if sale_order else False,
            "quota_id": quota.id if quota else False,
            "payment_line_id": payment_line.id if payment_line else False,
        }])

    def _release(self, amount, sale_order=None, quota=None, origin=None, payment_line=None, idempotency_key=None):
        """Free ``amount`` previously reserved on the wallet (or quota)."""
        existing = self._start_movement(amount, idempotency_key)
        if existing:
            return existing
        reserved = quota.reserved_amount if quota else self.reserved_amount
        if payment_line:
            reserved = min(reserved, payment_line._get_reserved_amount())
        if self.currency_id.compare_amounts(amount, reserved) > 0:
            raise UserError(self.env._(
                "Cannot release %(amount)s on %(wallet)s: only %(reserved)s is reserved.",
                amount=self._format_amount(amount), wallet=self.display_name,
                reserved=self._format_amount(reserved),
            ))
        return self._post_transactions([{
            "kind": "release", "amount": amount, "idempotency_key": idempotency_key,
            "origin": origin or (sale_order.name if sale_order else False),
            "sale_order_id": sale_order.id if sale_order else False,
            "quota_id": quota.id if quota else False,
            "payment_line_id": payment_line.id if payment_line else False,
        }])

    def _topup(self, amount, journal=None, memo=None, date=None, idempotency_key=None, kind="topup"):
        """Record money received from the dealer on its cash wallet.

        Entry: Dr the bank/cash ``journal``'s default account, Cr customer advances.
        A rebate wallet "top-up" is a rebate grant (see :meth:`_grant`).
        """
        self.ensure_one()
        if self.wallet_type == "rebate":
            return self.env["dealer.wallet"]._grant(
                self.partner_id, "rebate", amount, memo, company=self.company_id, date=date,
                idempotency_key=idempotency_key,
            )
        if self.wallet_type != "cash":
            raise UserError(self.env._("Only cash and rebate wallets can be topped up."))
        self._check_positive(amount)
        journal = journal or self.company_id._dealer_wallet_default_topup_journal()
        if journal.type not in ("bank", "cash") or not journal.default_account_id:
            raise UserError(self.env._(
                "Top-ups are received on a bank or cash journal with a default account; %(journal)s is not.",
                journal=journal.display_name,
            ))
        if journal.company_id != self.company_id:
            raise UserError(self.env._("The journal belongs to another company than the wallet."))
        self._lock()
        existing = self._find_idempotent(idempotency_key, amount)
        if existing:
            return existing
        return self._post_transactions([{
            "kind": kind, "amount": amount, "idempotency_key": idempotency_key, "origin": memo,
            "memo": memo, "date": date,
        }], counterpart_account=journal.default_account_id, journal=journal)

    @api.model
    def _grant(self, partner, wallet_type, amount, origin, company=None, date=None, idempotency_key=None,
               expense_account=None, memo=None):
        """Credit a rebate (or cash) wallet with a grant paid by the brand.

        Used by the rebate settlements. Entry: Dr rebate expense, Cr rebate
        liability (rebate wallet) or customer advances (cash wallet).
        """
        return self._grant_many([{
            "partner": partner, "amount": amount, "origin": origin, "date": date,
            "idempotency_key": idempotency_key, "memo": memo,
        }], wallet_type, company=company, expense_account=expense_account)

    @api.model
    def _grant_many(self, grants, wallet_type, company=None, expense_account=None):
        """Batch version of :meth:`_grant` for many dealers at once (rebate settlements).

        ``grants`` is a list of dicts with ``partner`` and ``amount`` and optionally
        ``origin``, ``memo``, ``date`` and ``idempotency_key``. The wallets are fetched
        (or opened) with one search and one create, locked together (ordered by id),
        the transactions created with one ``create`` and their journal entries with
        one ``create`` and one posting. Idempotent per key, like :meth:`_grant`.

        :return: the transactions, in the order of ``grants``
        """
        if wallet_type not in ("rebate", "cash"):
            raise UserError(self.env._("Grants go to a rebate or cash wallet."))
        Transaction = self.env["dealer.wallet.transaction"]
        if not grants:
            return Transaction
        company = company or self.env.company
        partners = self.env["res.partner"].browse([grant["partner"].commercial_partner_id.id for grant in grants])
        wallets = self.with_context(active_test=False).search([
            ("partner_id", "in", partners.ids), ("wallet_type", "=", wallet_type), ("company_id", "=", company.id),
        ])
        missing = set(partners.ids) - set(wallets.partner_id.ids)
        if missing:
            # sudo: see _get_wallet (opening a wallet moves no money)
            wallets |= self.sudo().create([
                {"partner_id": partner_id, "wallet_type": wallet_type, "company_id": company.id}
                for partner_id in sorted(missing)
            ]).sudo(False)
        wallet_of = {wallet.partner_id.id: wallet for wallet in wallets}
        for grant, partner in zip(grants, partners, strict=True):
            wallet_of[partner.id]._check_positive(grant["amount"])
        wallets._lock()
        keys = [grant["idempotency_key"] for grant in grants if grant.get("idempotency_key")]
        existing = {}
        if keys:
            for transaction in Transaction.search([("wallet_id", "in", wallets.ids), ("idempotency_key", "in", keys)]):
                existing[(transaction.wallet_id.id, transaction.idempotency_key)] = transaction
        results = [None] * len(grants)
        per_wallet = defaultdict(list)
        first_of_key, repeats = {}, []
        for index, (grant, partner) in enumerate(zip(grants, partners, strict=True)):
            wallet = wallet_of[partner.id]
            key = grant.get("idempotency_key")
            if key and (wallet.id, key) in first_of_key:
                repeats.append((index, first_of_key[(wallet.id, key)]))
                continue
            if key:
                first_of_key[(wallet.id, key)] = index
            found = existing.get((wallet.id, key))
            if found:
                if wallet.currency_id.compare_amounts(abs(found.amount), grant["amount"]):
                    raise UserError(self.env._(
                        "The request key %(key)s was already used on %(wallet)s for another amount (%(amount)s).",
                        key=found.idempotency_key, wallet=wallet.display_name,
                        amount=wallet._format_amount(abs(found.amount)),
                    ))
                results[index] = found
                continue
            per_wallet[wallet].append((index, {
                "kind": "rebate_grant", "amount": grant["amount"], "idempotency_key": grant.get("idempotency_key"),
                "origin": grant.get("origin"), "memo": grant.get("memo"), "date": grant.get("date"),
            }))
        create_vals, order, postings = [], [], []
        for wallet, items in per_wallet.items():
            vals_list, figures = wallet._prepare_posting([vals for _index, vals in items])
            create_vals += vals_list
            order += [index for index, _vals in items]
            postings.append((wallet, figures))
        # sudo: see _post_transactions
        created = Transaction.sudo().create(create_vals).sudo(False)
        for wallet, figures in postings:
            wallet._apply_posting(figures)
        accounting = company._dealer_wallet_accounting()
        created.with_company(company)._create_moves(counterpart_account=expense_account or accounting["rebate_expense"])
        for index, transaction in zip(order, created, strict=True):
            results[index] = transaction
        for index, first in repeats:
            if results[first].currency_id.compare_amounts(abs(results[first].amount), grants[index]["amount"]):
                raise UserError(self.env._(
                    "The request key %(key)s is used twice with different amounts.",
                    key=grants[index]["idempotency_key"],
                ))
            results[index] = results[first]
        return Transaction.browse([transaction.id for transaction in results])

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def _post_transactions(self, vals_list, create_move=True, counterpart_account=None, journal=None):
        """Create posted transactions on this (locked) wallet and update its figures.

        Callers must hold the lock (:meth:`_lock`) and have checked availability.
        """
        self.ensure_one()
        create_vals, figures = self._prepare_posting(vals_list)
        # sudo: the ledger is written only through these API methods, after the
        # business checks above (availability, idempotency, document state); the
        # users who confirm orders or post invoices need not have write access on
        # wallets, and nobody gets it through the UI.
        transactions = self.env["dealer.wallet.transaction"].sudo().create(create_vals).sudo(False)
        self._apply_posting(figures)
        if create_move and self.wallet_type in ("cash", "rebate"):
            transactions.filtered(lambda t: t.effect == "balance" and not t.move_id)._create_moves(
                counterpart_account=counterpart_account, journal=journal,
            )
        return transactions

    def _prepare_posting(self, vals_list):
        """Values of the transactions ``vals_list`` would post on this wallet, and the
        wallet figures after them: ``(create_vals, (balance, reserved, quota_deltas))``.
        Raises when the wallet would go below zero (or repay more credit than used)."""
        self.ensure_one()
        Transaction = self.env["dealer.wallet.transaction"]
        currency = self.currency_id
        today = fields.Date.context_today(self)
        balance, reserved = self.balance, self.reserved_amount
        quota_deltas = defaultdict(lambda: [0.0, 0.0])
        create_vals = []
        for vals in vals_list:
            kind = vals["kind"]
            effect = vals.get("effect") or Transaction._effect_of_kind(kind)
            amount = currency.round(vals["amount"])
            if effect == "balance":
                balance += amount
            elif effect == "reserved":
                reserved -= amount
            if vals.get("quota_id"):
                if effect == "balance":
                    quota_deltas[vals["quota_id"]][0] -= amount
                elif effect == "reserved":
                    quota_deltas[vals["quota_id"]][1] -= amount
            create_vals.append({
                **{key: value for key, value in vals.items() if value is not None},
                "wallet_id": self.id,
                "amount": amount,
                "effect": effect,
                "date": vals.get("date") or today,
                "state": "posted",
                "balance_after": currency.round(balance),
            })
        if self.wallet_type != "credit" and (
            currency.compare_amounts(balance, 0.0) < 0 or currency.compare_amounts(reserved, 0.0) < 0
        ):
            raise UserError(self.env._("%(wallet)s cannot go below zero.", wallet=self.display_name))
        if self.wallet_type == "credit" and balance > currency.rounding / 2:
            raise UserError(self.env._("More credit would be repaid than is in use on %(wallet)s.",
                                       wallet=self.display_name))
        return create_vals, (balance, reserved, quota_deltas)

    def _apply_posting(self, figures):
        """Store the figures computed by :meth:`_prepare_posting` (wallet row locked)."""
        self.ensure_one()
        balance, reserved, quota_deltas = figures
        currency = self.currency_id
        # sudo: see _post_transactions
        super(DealerWallet, self.sudo()).write({
            "balance": currency.round(balance), "reserved_amount": currency.round(reserved),
        })
        for quota_id, (used_delta, reserved_delta) in quota_deltas.items():
            quota = self.env["dealer.wallet.quota"].sudo().browse(quota_id)  # sudo: see _post_transactions
            quota.write({
                "used_amount": currency.round(quota.used_amount + used_delta),
                "reserved_amount": currency.round(quota.reserved_amount + reserved_delta),
            })

    @api.model
    @in_user_language
    def _cron_expire_quotas(self):
        self.env["dealer.wallet.quota"]._expire_quotas()
