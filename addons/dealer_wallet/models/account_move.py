from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    dealer_wallet_transaction_ids = fields.One2many(
        "dealer.wallet.transaction", "invoice_id", string="Wallet Transactions",
    )

    def _post(self, soft=True):
        posted = super()._post(soft)
        posted.filtered(lambda move: move.move_type == "out_invoice")._dealer_wallet_consume_orders()
        posted.filtered(lambda move: move.move_type == "out_refund")._dealer_wallet_refund_orders()
        return posted

    def _dealer_wallet_order_amounts(self):
        """``{sale.order: amount}`` of this invoice attributable to each order with wallet payments."""
        self.ensure_one()
        amounts = defaultdict(float)
        for line in self.invoice_line_ids:
            for order in line.sale_line_ids.order_id:
                if order.dealer_payment_ids:
                    amounts[order] += line.price_total
        return amounts

    def _dealer_wallet_consume_orders(self):
        for invoice in self:
            for order, amount in invoice._dealer_wallet_order_amounts().items():
                if invoice.currency_id.compare_amounts(amount, 0.0) > 0:
                    order._dealer_wallet_consume(invoice, amount)

    def _dealer_wallet_refund_orders(self):
        for credit_note in self:
            for order, amount in credit_note._dealer_wallet_order_amounts().items():
                if credit_note.currency_id.compare_amounts(amount, 0.0) > 0:
                    order._dealer_wallet_refund(credit_note, amount)

    def button_draft(self):
        consumed = self.dealer_wallet_transaction_ids.filtered(
            lambda t: t.kind in ("consume", "refund") and t.state == "posted"
        )
        if consumed:
            raise UserError(self.env._(
                "Invoices %(invoices)s were paid from dealer wallets. Issue a credit note, or reverse the "
                "wallet consumptions %(transactions)s first.",
                invoices=", ".join(consumed.invoice_id.mapped("name")),
                transactions=", ".join(consumed.mapped("name")),
            ))
        return super().button_draft()

    # ------------------------------------------------------------------
    # Credit repayment
    # ------------------------------------------------------------------
    def _dealer_wallet_sync_credit(self):
        """Free (or take back) the credit used by invoices according to what is still due.

        The credit part of an invoice is outstanding as long as the invoice
        residual covers it: freed = consumed credit − min(consumed credit, residual).
        """
        invoices = self.filtered(lambda move: move.move_type == "out_invoice" and move.state == "posted")
        if not invoices:
            return
        Transaction = self.env["dealer.wallet.transaction"]
        credit_transactions = Transaction.search([
            ("invoice_id", "in", invoices.ids), ("wallet_type", "=", "credit"), ("effect", "=", "balance"),
        ])
        if not credit_transactions:
            return
        credit_transactions.wallet_id._lock()
        for invoice, transactions in credit_transactions.grouped("invoice_id").items():
            invoice._dealer_wallet_sync_credit_invoice(transactions)

    def _dealer_wallet_sync_credit_invoice(self, transactions):
        self.ensure_one()
        currency = self.company_currency_id
        consumed_by_bucket = defaultdict(float)  # (wallet, quota, payment line) -> consumed credit
        repaid_by_bucket = defaultdict(float)
        for transaction in transactions.sorted("id"):
            bucket = (transaction.wallet_id, transaction.quota_id, transaction.payment_line_id)
            origin_kind = transaction.reversal_of_id.kind if transaction.kind == "reversal" else transaction.kind
            if origin_kind == "consume":
                consumed_by_bucket[bucket] -= transaction.amount
            elif origin_kind == "credit_repayment":
                repaid_by_bucket[bucket] += transaction.amount
        consumed = sum(consumed_by_bucket.values())
        repaid = sum(repaid_by_bucket.values())
        residual = abs(self.amount_residual_signed)
        target = consumed - min(consumed, residual)
        delta = currency.round(target - repaid)
        if currency.is_zero(delta):
            return
        if delta > 0:
            for bucket, bucket_consumed in consumed_by_bucket.items():
                free = min(delta, currency.round(bucket_consumed - repaid_by_bucket[bucket]))
                if currency.compare_amounts(free, 0.0) <= 0:
                    continue
                wallet, quota, line = bucket
                wallet._post_transactions([{
                    "kind": "credit_repayment", "amount": free, "origin": self.name, "invoice_id": self.id,
                    "quota_id": quota.id, "payment_line_id": line.id, "sale_order_id": line.order_id.id,
                }])
                delta = currency.round(delta - free)
                if currency.is_zero(delta):
                    break
        else:
            # a payment was unreconciled: the credit is in use again (latest repayments first)
            to_take = -delta
            repayments = transactions.filtered(lambda t: t.kind == "credit_repayment" and t.state == "posted")
            for repayment in repayments.sorted("id", reverse=True):
                if currency.compare_amounts(to_take, 0.0) <= 0:
                    break
                repayment._reverse(memo=self.env._("Payment of %(invoice)s unreconciled", invoice=self.name))
                to_take = currency.round(to_take - repayment.amount)
                if currency.compare_amounts(to_take, 0.0) < 0:
                    # re-free the part of the reversed repayment that is still paid
                    repayment.wallet_id._post_transactions([{
                        "kind": "credit_repayment", "amount": -to_take, "origin": self.name,
                        "invoice_id": self.id, "quota_id": repayment.quota_id.id,
                        "payment_line_id": repayment.payment_line_id.id,
                        "sale_order_id": repayment.sale_order_id.id,
                    }])
                    to_take = 0.0
