import io

from odoo import api, fields, models

from odoo.addons.dealer_base.tools import amount_to_chinese_capital, new_workbook, safe_text


# one concern of the model per file, on purpose (the model is merged by the registry)
class DealerWallet(models.Model):
    """Statements of account of a dealer's wallets: the data (backend report, portal)
    and the XLSX file."""

    _inherit = "dealer.wallet"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # What a dealer is told about its wallets (portal, cart, statement)
    # ------------------------------------------------------------------
    def _dealer_figures(self):
        """The wallets' figures as a dealer reads them, the same in the cart, the wallets page, a
        wallet's ledger and the statement of account.

        ``available`` is what an order can take from the wallet today, as the payment split takes
        it: cash and rebate their balance minus the reservations; credit the regular line's room
        (never below zero) plus the special quotas valid today. A credit line used beyond its
        limit (a lowered limit, an override) says by how much in ``over_limit`` instead of showing
        a negative availability.

        :return: ``{wallet id: {"available", "balance", "reserved", "credit_limit", "credit_used",
            "over_limit", "quota_available"}}``
        """
        figures = {}
        for wallet in self:
            currency = wallet.currency_id
            values = {
                "available": currency.round(wallet.balance - wallet.reserved_amount),
                "balance": wallet.balance,
                "reserved": wallet.reserved_amount,
                "credit_limit": 0.0,
                "credit_used": 0.0,
                "over_limit": 0.0,
                "quota_available": 0.0,
            }
            if wallet.wallet_type == "credit":
                regular = wallet.regular_available_amount
                quotas = wallet.quota_available_amount
                values.update({
                    "available": currency.round(max(regular, 0.0) + quotas),
                    "credit_limit": wallet.credit_limit,
                    "credit_used": wallet.credit_used_amount,
                    "over_limit": currency.round(-regular) if currency.compare_amounts(regular, 0.0) < 0 else 0.0,
                    "quota_available": quotas,
                })
            figures[wallet.id] = values
        return figures

    # ------------------------------------------------------------------
    # Statement of account (backend report, XLSX, portal)
    # ------------------------------------------------------------------
    @api.model
    def _get_statement_data(self, partner, date_from, date_to, company=None, wallet_types=None):
        """Opening, movements and closing of a dealer's wallets over a period.

        Reused by the PDF report, the XLSX export and the portal. The caller's
        access rights apply (portal users only read their own wallets).

        A period that reaches today also gives each wallet's position today (``position``:
        :meth:`_dealer_figures`, what the cart and the wallets page show) and ``available_now``,
        what orders can take from cash and rebate today: the closing balance less the amounts
        reserved for orders not yet invoiced.
        """
        company = company or self.env.company
        partner = partner.commercial_partner_id
        currency = company.currency_id
        domain = [("partner_id", "=", partner.id), ("company_id", "=", company.id)]
        if wallet_types:
            domain.append(("wallet_type", "in", list(wallet_types)))
        wallets = self.with_context(active_test=False).search(domain)
        Transaction = self.env["dealer.wallet.transaction"]
        opening = dict(Transaction._read_group(
            [("wallet_id", "in", wallets.ids), ("effect", "=", "balance"), ("date", "<", date_from)],
            ["wallet_id"], ["amount:sum"],
        ))
        movements = Transaction.search([
            ("wallet_id", "in", wallets.ids), ("effect", "=", "balance"),
            ("date", ">=", date_from), ("date", "<=", date_to),
        ], order="date, id")
        by_wallet = movements.grouped("wallet_id")
        type_labels = dict(self._fields["wallet_type"]._description_selection(self.env))
        kind_labels = dict(Transaction._fields["kind"]._description_selection(self.env))
        def in_words(amount):
            return self._statement_amount_in_words(currency, amount)

        wallet_data = []
        for wallet in wallets:
            running = opening.get(wallet, 0.0)
            wallet_opening = running
            lines = []
            total_in = total_out = 0.0
            for transaction in by_wallet.get(wallet, Transaction):
                running += transaction.amount
                total_in += transaction.amount_in
                total_out += transaction.amount_out
                lines.append({
                    "date": transaction.date, "name": transaction.name,
                    "kind": kind_labels.get(transaction.kind, transaction.kind),
                    "origin": transaction.origin or "", "memo": transaction.memo or "",
                    "amount_in": transaction.amount_in, "amount_out": transaction.amount_out,
                    "balance": currency.round(running),
                })
            wallet_data.append({
                "wallet": wallet, "wallet_type": wallet.wallet_type, "type_label": type_labels[wallet.wallet_type],
                "opening": currency.round(wallet_opening), "closing": currency.round(running),
                "total_in": currency.round(total_in), "total_out": currency.round(total_out),
                "lines": lines, "closing_in_words": in_words(currency.round(running)),
            })
        funds_closing = sum(w["closing"] for w in wallet_data if w["wallet_type"] in ("cash", "rebate"))
        available_now = None
        if date_to >= fields.Date.context_today(self):
            figures = wallets._dealer_figures()
            for values in wallet_data:
                values["position"] = figures[values["wallet"].id]
            available_now = currency.round(sum(
                w["position"]["available"] for w in wallet_data if w["wallet_type"] in ("cash", "rebate")))
        return {
            "partner": partner, "company": company, "currency": currency,
            "date_from": date_from, "date_to": date_to, "wallets": wallet_data,
            "funds_closing": currency.round(funds_closing), "funds_closing_in_words": in_words(funds_closing),
            "available_now": available_now,
        }

    @api.model
    def _statement_position_rows(self, wallet_data):
        """[(label, amount)] of a wallet's position today, for a statement reaching today: the
        figures of the wallets page (reserved for orders, credit limit and used, available)."""
        position = wallet_data.get("position")
        if not position:
            return []
        rows = [(self.env._("Reserved for orders"), position["reserved"])]
        if wallet_data["wallet_type"] == "credit":
            rows += [(self.env._("Credit limit"), position["credit_limit"]),
                     (self.env._("Credit used"), position["credit_used"])]
            if position["over_limit"]:
                rows.append((self.env._("Used beyond the limit"), position["over_limit"]))
        rows.append((self.env._("Available today"), position["available"]))
        return rows

    @api.model
    def _statement_amount_in_words(self, currency, amount):
        """人民币大写 for CNY, the currency's own wording otherwise."""
        if currency.name == "CNY":
            return amount_to_chinese_capital(amount)
        return currency.amount_to_text(amount)

    @api.model
    def _get_statement_xlsx(self, partner, date_from, date_to, company=None):
        """The statement of account as an XLSX file (bytes). Names, references and memos
        come from users: they are written as text (``safe_text``), never as formulas."""
        data = self._get_statement_data(partner, date_from, date_to, company=company)
        output = io.BytesIO()
        workbook = new_workbook(output)
        title = workbook.add_format({"bold": True, "font_size": 14})
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00", "border": 1})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True, "border": 1})
        cell = workbook.add_format({"border": 1})
        date_fmt = workbook.add_format({"num_format": "yyyy-mm-dd", "border": 1})
        sheet = workbook.add_worksheet(self.env._("Statement"))
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 20)
        sheet.set_column(2, 4, 18)
        sheet.set_column(5, 7, 16)
        sheet.write(0, 0, self.env._("Statement of Account"), title)
        sheet.write(1, 0, self.env._("Dealer"), bold)
        sheet.write(1, 1, safe_text(data["partner"].display_name))
        sheet.write(2, 0, self.env._("Period"), bold)
        sheet.write(2, 1, "%s - %s" % (data["date_from"], data["date_to"]))
        sheet.write(3, 0, self.env._("Currency"), bold)
        sheet.write(3, 1, data["currency"].name)
        row = 5
        headers = [self.env._("Date"), self.env._("Reference"), self.env._("Type"), self.env._("Origin"),
                   self.env._("Memo"), self.env._("In"), self.env._("Out"), self.env._("Balance")]
        for wallet in data["wallets"]:
            sheet.write(row, 0, wallet["type_label"], title)
            row += 1
            sheet.write_row(row, 0, headers, header)
            row += 1
            sheet.write(row, 1, self.env._("Opening balance"), cell)
            sheet.write(row, 7, wallet["opening"], money_bold)
            row += 1
            for line in wallet["lines"]:
                sheet.write_datetime(row, 0, fields.Datetime.to_datetime(line["date"]), date_fmt)
                sheet.write(row, 1, safe_text(line["name"]), cell)
                sheet.write(row, 2, line["kind"], cell)
                sheet.write(row, 3, safe_text(line["origin"]), cell)
                sheet.write(row, 4, safe_text(line["memo"]), cell)
                sheet.write(row, 5, line["amount_in"], money)
                sheet.write(row, 6, line["amount_out"], money)
                sheet.write(row, 7, line["balance"], money)
                row += 1
            sheet.write(row, 1, self.env._("Closing balance"), cell)
            sheet.write(row, 5, wallet["total_in"], money_bold)
            sheet.write(row, 6, wallet["total_out"], money_bold)
            sheet.write(row, 7, wallet["closing"], money_bold)
            row += 1
            sheet.write(row, 1, wallet["closing_in_words"])
            row += 1
            for label, amount in self._statement_position_rows(wallet):
                sheet.write(row, 1, label, cell)
                sheet.write(row, 7, amount, money)
                row += 1
            row += 1
        sheet.write(row, 0, self.env._("Closing balance (cash + rebate)"), bold)
        sheet.write(row, 5, data["funds_closing"], money_bold)
        sheet.write(row + 1, 0, data["funds_closing_in_words"])
        if data["available_now"] is not None:
            sheet.write(row + 2, 0, self.env._("Available today for orders (cash + rebate)"), bold)
            sheet.write(row + 2, 5, data["available_now"], money_bold)
        workbook.close()
        return output.getvalue()
