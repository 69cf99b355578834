from odoo import api, fields, models
from odoo.exceptions import UserError

TRANSACTION_KINDS = [
    ("topup", "Top-up"),
    ("rebate_grant", "Rebate Grant"),
    ("refund", "Refund"),
    ("consume", "Consumption"),
    ("deposit", "Deposit"),
    ("reserve", "Reservation"),
    ("release", "Release"),
    ("credit_repayment", "Credit Repayment"),
    ("reversal", "Reversal"),
    ("quota_expiry", "Quota Expiry"),
]
RESERVATION_KINDS = ("reserve", "release")
INFORMATIVE_KINDS = ("quota_expiry",)
# fields the ledger itself may still set on a posted transaction
SYSTEM_WRITABLE_FIELDS = {"state", "reversed_by_id", "move_id"}


class DealerWalletTransaction(models.Model):
    _name = "dealer.wallet.transaction"
    _description = "Dealer Wallet Transaction"
    _order = "date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "origin", "idempotency_key"]

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    wallet_id = fields.Many2one(
        "dealer.wallet", required=True, readonly=True, index=True, ondelete="restrict", check_company=True,
    )
    partner_id = fields.Many2one(
        related="wallet_id.partner_id", store=True, precompute=True, index=True, string="Dealer",
    )
    wallet_type = fields.Selection(related="wallet_id.wallet_type", store=True, precompute=True)
    company_id = fields.Many2one(related="wallet_id.company_id", store=True, precompute=True, index=True)
    currency_id = fields.Many2one(related="wallet_id.currency_id", store=True, precompute=True)
    kind = fields.Selection(TRANSACTION_KINDS, required=True, readonly=True, index=True)
    effect = fields.Selection(
        [("balance", "Balance"), ("reserved", "Reservation"), ("none", "Informative")],
        required=True, readonly=True, default="balance",
        help="Which figure of the wallet the amount moves: the balance (money or credit in use), the "
        "reservations, or nothing (informative rows such as the expiry of a quota).",
    )
    amount = fields.Monetary(
        required=True, readonly=True,
        help="Signed: positive adds to the wallet (top-up, grant, refund, release, repayment), negative takes "
        "from it (consumption, deposit, reservation).",
    )
    amount_in = fields.Monetary(string="In", compute="_compute_amount_in_out")
    amount_out = fields.Monetary(string="Out", compute="_compute_amount_in_out")
    balance_after = fields.Monetary(
        readonly=True,
        help="Wallet balance right after this transaction was posted.",
    )
    date = fields.Date(required=True, readonly=True, index=True, default=fields.Date.context_today)
    origin = fields.Char(readonly=True, help="Document or request at the origin of the transaction.")
    memo = fields.Char(readonly=True)
    sale_order_id = fields.Many2one("sale.order", readonly=True, index="btree_not_null")
    payment_line_id = fields.Many2one("dealer.order.payment", readonly=True, index="btree_not_null",
                                      ondelete="set null", string="Order Payment Line")
    invoice_id = fields.Many2one("account.move", readonly=True, index="btree_not_null")
    move_id = fields.Many2one("account.move", readonly=True, index="btree_not_null", string="Journal Entry")
    quota_id = fields.Many2one("dealer.wallet.quota", readonly=True, index="btree_not_null",
                               string="Special Quota", ondelete="restrict")
    idempotency_key = fields.Char(
        readonly=True, copy=False, index="btree_not_null",
        help="Key of the request that created the transaction: a retried request with the same key returns this "
        "transaction instead of moving money twice.",
    )
    state = fields.Selection(
        [("posted", "Posted"), ("reversed", "Reversed")], required=True, readonly=True, default="posted",
        index=True,
    )
    reversal_of_id = fields.Many2one("dealer.wallet.transaction", readonly=True,
                                     index="btree_not_null")
    reversed_by_id = fields.Many2one("dealer.wallet.transaction", readonly=True)

    _sql_constraints = [
        ("idempotency_key_uniq", "unique(wallet_id, idempotency_key)",
         "This request key was already used on this wallet."),
    ]

    @api.depends("amount")
    def _compute_amount_in_out(self):
        for transaction in self:
            transaction.amount_in = max(transaction.amount, 0.0)
            transaction.amount_out = max(-transaction.amount, 0.0)

    @api.depends("name", "kind")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for transaction in self:
            transaction.display_name = "%s (%s)" % (transaction.name, labels.get(transaction.kind, ""))

    @api.model
    def _effect_of_kind(self, kind):
        if kind in RESERVATION_KINDS:
            return "reserved"
        if kind in INFORMATIVE_KINDS:
            return "none"
        return "balance"

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._(
                "Wallet transactions are created by top-ups, orders, invoices and grants, not by hand."
            ))
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if unnamed:
            # one lookup of the sequence for the whole batch (next_by_code searches it every call)
            sequence = self.env["ir.sequence"].search([
                ("code", "=", "dealer.wallet.transaction"), ("company_id", "in", [self.env.company.id, False]),
            ], order="company_id", limit=1)
            for vals in unnamed:
                vals["name"] = sequence._next() if sequence else "/"
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.context.get("dealer_wallet_ledger_write") and set(vals) <= SYSTEM_WRITABLE_FIELDS):
            raise UserError(self.env._(
                "Posted wallet transactions cannot be modified; reverse them instead."
            ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Posted wallet transactions cannot be deleted; reverse them instead."))

    def _ledger_write(self, vals):
        """Internal write of the few fields the ledger maintains itself."""
        # sudo: same as the creation of transactions, see dealer.wallet._post_transactions
        return self.sudo().with_context(dealer_wallet_ledger_write=True).write(vals)

    # ------------------------------------------------------------------
    # Accounting
    # ------------------------------------------------------------------
    def _wallet_account(self, accounting):
        self.ensure_one()
        return accounting["advance"] if self.wallet_type == "cash" else accounting["rebate_liability"]

    def _create_move(self, counterpart_account=None, journal=None):
        """Post the balanced journal entry of a cash or rebate transaction.

        Money in (amount > 0): Dr counterpart, Cr wallet account (customer advances or
        rebate liability). Money out: the reverse. The default counterpart is the
        dealer's receivable; when the transaction pays an invoice, that receivable
        line is reconciled with the invoice.
        """
        self.ensure_one()
        return self._create_moves(counterpart_account=counterpart_account, journal=journal)

    def _create_moves(self, counterpart_account=None, journal=None):
        """Batch version of :meth:`_create_move`: the entries of all the transactions
        (one per transaction) are created with one ``create`` and posted together."""
        if not self:
            return self.env["account.move"]
        move_vals = []
        counterparts = []
        for transaction in self:
            company = transaction.company_id
            accounting = company._dealer_wallet_accounting()
            partner = transaction.partner_id
            wallet_account = transaction._wallet_account(accounting)
            counterpart = counterpart_account or partner.with_company(company).property_account_receivable_id
            amount = abs(transaction.amount)
            money_in = transaction.amount > 0
            label = ("%s %s" % (transaction.name, transaction.origin or transaction.memo or "")).strip()
            counterparts.append(counterpart)
            move_vals.append({
                "move_type": "entry",
                "company_id": company.id,
                "journal_id": (journal or accounting["journal"]).id,
                "date": transaction.date,
                "ref": label,
                "partner_id": partner.id,
                "line_ids": [
                    fields.Command.create({
                        "account_id": counterpart.id, "partner_id": partner.id, "name": label,
                        "debit": amount if money_in else 0.0, "credit": 0.0 if money_in else amount,
                    }),
                    fields.Command.create({
                        "account_id": wallet_account.id, "partner_id": partner.id, "name": label,
                        "debit": 0.0 if money_in else amount, "credit": amount if money_in else 0.0,
                    }),
                ],
            })
        # sudo: the entries are entirely determined by the company configuration and
        # these ledger transactions (the user chooses no account); the dealer flows that
        # debit wallets (orders, deposits) are run by users without accounting rights.
        moves = self.env["account.move"].sudo().with_company(self[0].company_id).create(move_vals)
        moves.action_post()
        for transaction, move, counterpart in zip(self, moves, counterparts, strict=True):
            transaction._ledger_write({"move_id": move.id})
            if transaction.invoice_id and counterpart.account_type == "asset_receivable":
                to_reconcile = move.line_ids.filtered(lambda line, account=counterpart: line.account_id == account)
                to_reconcile |= transaction.invoice_id.sudo().line_ids.filtered(
                    lambda line, account=counterpart: line.account_id == account and not line.reconciled
                )
                to_reconcile.reconcile()
        return moves

    # ------------------------------------------------------------------
    # Reversal
    # ------------------------------------------------------------------
    def action_reverse(self):
        """Post the opposite transaction (and reverse its journal entry)."""
        reversals = self.env["dealer.wallet.transaction"]
        for transaction in self:
            reversals |= transaction._reverse()
        return reversals

    def _reverse(self, memo=None):
        self.ensure_one()
        if self.state != "posted":
            raise UserError(self.env._("%(name)s is already reversed.", name=self.name))
        if self.kind == "reversal":
            raise UserError(self.env._("A reversal cannot be reversed; post a new transaction instead."))
        if self.kind in RESERVATION_KINDS:
            raise UserError(self.env._(
                "Reservations follow their order: cancel or invoice the order %(order)s instead.",
                order=self.sale_order_id.display_name or "",
            ))
        wallet = self.wallet_id
        wallet._lock()
        if self.wallet_type == "credit" and self.amount > 0:
            wallet._check_available(self.amount, quota=self.quota_id)
        reversal = wallet._post_transactions([{
            "kind": "reversal", "effect": self.effect, "amount": -self.amount,
            "origin": self.origin, "memo": memo or self.env._("Reversal of %(name)s", name=self.name),
            "sale_order_id": self.sale_order_id.id, "quota_id": self.quota_id.id,
            "payment_line_id": self.payment_line_id.id, "invoice_id": self.invoice_id.id,
            "reversal_of_id": self.id,
        }], create_move=False)
        if self.move_id:
            move = self.move_id.sudo()  # sudo: see _create_move
            move.line_ids.filtered("reconciled").remove_move_reconcile()
            reversed_move = move._reverse_moves(
                [{"ref": self.env._("Reversal of %(name)s", name=self.name), "date": reversal.date}], cancel=True,
            )
            reversal._ledger_write({"move_id": reversed_move.id})
        if self.kind == "quota_expiry" and self.quota_id:
            self.quota_id.sudo().state = "active"  # sudo: see _create_move
        self._ledger_write({"state": "reversed", "reversed_by_id": reversal.id})
        return reversal
