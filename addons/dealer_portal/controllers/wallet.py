from werkzeug.exceptions import BadRequest

from odoo import fields, http
from odoo.http import content_disposition, request

from odoo.addons.dealer_wallet.controllers.main import statement_xlsx_response
from odoo.addons.portal.controllers.portal import pager as portal_pager

from odoo.addons.dealer_base.tools import ParamError, parse_period

from .portal import DealerCustomerPortal
from .replica import readonly_unless_own_write

LEDGER_PAGE_SIZE = 30


class DealerWalletPortal(DealerCustomerPortal):
    """The dealer's wallets and their ledgers (record rules: a dealer reads its own only)."""

    @http.route("/my/wallets", type="http", auth="user", website=True, readonly=readonly_unless_own_write)
    def dealer_wallets(self, **kw):
        dealer = self._dealer_portal_require_dealer()
        wallets = request.env["dealer.wallet"].search(
            [("partner_id", "=", dealer.id), ("company_id", "=", request.env.company.id)], order="wallet_type")
        today = fields.Date.context_today(wallets)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_wallets",
            "wallets": wallets,
            "figures": wallets._dealer_portal_figures(),
            "date_from": fields.Date.to_string(today.replace(day=1)),
            "date_to": fields.Date.to_string(today),
        })
        return request.render("dealer_portal.portal_dealer_wallets", values)

    @http.route(["/my/wallets/<int:wallet_id>", "/my/wallets/<int:wallet_id>/page/<int:page>"],
                type="http", auth="user", website=True, readonly=readonly_unless_own_write)
    def dealer_wallet_ledger(self, wallet_id, page=1, date_from=None, date_to=None, **kw):
        wallet = self._dealer_portal_record("dealer.wallet", wallet_id)
        values = self._prepare_portal_layout_values()
        values.update(self._prepare_dealer_ledger_values(wallet, page, date_from, date_to))
        return request.render("dealer_portal.portal_dealer_wallet_ledger", values)

    @http.route("/my/wallets/statement.xlsx", type="http", auth="user", methods=["GET"], website=True,
                readonly=readonly_unless_own_write)
    def dealer_wallet_statement_xlsx(self, date_from=None, date_to=None, **kw):
        """The dealer's own statement of account as XLSX, for a period of at most ten years
        (anything else answers 400 with the reason)."""
        dealer = self._dealer_portal_require_dealer()
        start, end = self._dealer_statement_period(date_from, date_to)
        return statement_xlsx_response(dealer, start, end, request.env.company)

    @http.route("/my/wallets/statement.pdf", type="http", auth="user", methods=["GET"], website=True,
                readonly=readonly_unless_own_write)
    def dealer_wallet_statement_pdf(self, date_from=None, date_to=None, **kw):
        """The dealer's own statement of account as PDF (dealer_wallet's report), in the
        request's company, same periods and 400s as the XLSX. Rendered with the portal user's
        rights, not sudo as ``_show_report`` does: the record rules keep the wallets and
        movements to the dealer's own, and the report reads the company's letterhead itself."""
        dealer = self._dealer_portal_require_dealer()
        start, end = self._dealer_statement_period(date_from, date_to)
        date_from, date_to = fields.Date.to_string(start), fields.Date.to_string(end)
        pdf, _report_type = request.env["ir.actions.report"]._render_qweb_pdf(
            "dealer_wallet.action_report_dealer_statement", dealer.ids,
            data={"date_from": date_from, "date_to": date_to, "statement_company_id": request.env.company.id},
        )
        filename = request.env._("Statement - %(dealer)s - %(date_from)s_%(date_to)s.pdf",
                                 dealer=dealer.name, date_from=date_from, date_to=date_to)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename)),
        ])

    def _dealer_statement_period(self, date_from, date_to):
        """(start, end) of a statement download, a period of at most ten years; 400 with the
        reason for anything else."""
        try:
            return parse_period(date_from, date_to, required=True)
        except ParamError as error:
            raise BadRequest(error.translated(request.env)) from None

    def _prepare_dealer_ledger_values(self, wallet, page=1, date_from=None, date_to=None):
        """One page of a wallet's transactions, newest first (flat in page size). A period
        that is not one is not applied, and the page says why (``period_error``)."""
        Transaction = request.env["dealer.wallet.transaction"]
        domain = [("wallet_id", "=", wallet.id)]
        period_error = False
        try:
            start, end = parse_period(date_from, date_to)
        except ParamError as error:
            period_error = error.translated(request.env)
            start = end = None
        date_from = fields.Date.to_string(start) if start else None
        date_to = fields.Date.to_string(end) if end else None
        if start:
            domain.append(("date", ">=", start))
        if end:
            domain.append(("date", "<=", end))
        total = Transaction.search_count(domain)
        url_args = {key: value for key, value in {"date_from": date_from, "date_to": date_to}.items() if value}
        pager = portal_pager(url=f"/my/wallets/{wallet.id}", url_args=url_args, total=total, page=page,
                             step=LEDGER_PAGE_SIZE)
        transactions = Transaction.search(domain, order="date desc, id desc", limit=LEDGER_PAGE_SIZE,
                                          offset=pager["offset"])
        transactions.fetch(["name", "date", "kind", "amount", "balance_after", "origin", "memo", "sale_order_id"])
        today = fields.Date.context_today(wallet)
        return {
            "page_name": "dealer_wallet_ledger",
            "wallet": wallet,
            "figure": wallet._dealer_portal_figures()[wallet.id],
            "transactions": transactions,
            "pager": pager,
            "period_error": period_error,
            "date_from": date_from or "",
            "date_to": date_to or "",
            "statement_from": date_from or fields.Date.to_string(today.replace(day=1)),
            "statement_to": date_to or fields.Date.to_string(today),
        }
