from odoo import fields, http
from odoo.exceptions import AccessError
from odoo.http import request


class DealerWalletController(http.Controller):
    @http.route("/dealer_wallet/statement/xlsx", type="http", auth="user", methods=["GET"])
    def statement_xlsx(self, partner_id, date_from, date_to, statement_company_id=None, **kwargs):
        """XLSX statement of a dealer, for internal users (the statement wizard). Dealers
        download their own from the portal (dealer_portal: /my/wallets/statement.xlsx)."""
        if request.env.user.share:
            raise request.not_found()
        partner = request.env["res.partner"].browse(int(partner_id)).exists()
        if not partner:
            raise request.not_found()
        try:
            partner.check_access("read")
        except AccessError:
            raise request.not_found() from None
        company = request.env.company
        if statement_company_id and int(statement_company_id) in request.env.user.company_ids.ids:
            company = request.env["res.company"].browse(int(statement_company_id))
        return statement_xlsx_response(partner, fields.Date.to_date(date_from), fields.Date.to_date(date_to), company)


def statement_xlsx_response(partner, date_from, date_to, company):
    """The XLSX statement of ``partner``'s wallets as a download (backend and portal routes)."""
    content = request.env["dealer.wallet"]._get_statement_xlsx(partner, date_from, date_to, company=company)
    filename = "statement-%s-%s-%s.xlsx" % (partner.commercial_partner_id.dealer_code or partner.id,
                                            date_from, date_to)
    return request.make_response(content, headers=[
        ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Content-Disposition", http.content_disposition(filename)),
    ])
