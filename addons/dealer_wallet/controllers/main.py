from werkzeug.exceptions import BadRequest

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.dealer_base.tools import ParamError, parse_id, parse_period


class DealerWalletController(http.Controller):
    @http.route("/dealer_wallet/statement/xlsx", type="http", auth="user", methods=["GET"], readonly=True)
    def statement_xlsx(self, partner_id=None, date_from=None, date_to=None, statement_company_id=None, **kwargs):
        """XLSX statement of a dealer, for internal users (the statement wizard). Dealers
        download their own from the portal (dealer_portal: /my/wallets/statement.xlsx).
        A partner that is not one answers 404, a period that is not one 400."""
        if request.env.user.share:
            raise request.not_found()
        try:
            start, end = parse_period(date_from, date_to, required=True)
        except ParamError as error:
            raise BadRequest(error.translated(request.env)) from None
        partner = request.env["res.partner"].browse(parse_id(partner_id) or []).exists()
        if not partner:
            raise request.not_found()
        try:
            partner.check_access("read")
        except AccessError:
            raise request.not_found() from None
        company = request.env.company
        company_id = parse_id(statement_company_id)
        if company_id and company_id in request.env.user.company_ids.ids:
            company = request.env["res.company"].browse(company_id)
        return statement_xlsx_response(partner, start, end, company)


def statement_xlsx_response(partner, date_from, date_to, company):
    """The XLSX statement of ``partner``'s wallets as a download (backend and portal routes)."""
    content = request.env["dealer.wallet"]._get_statement_xlsx(partner, date_from, date_to, company=company)
    filename = "statement-%s-%s-%s.xlsx" % (partner.commercial_partner_id.dealer_code or partner.id,
                                            date_from, date_to)
    return request.make_response(content, headers=[
        ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("Content-Disposition", http.content_disposition(filename)),
    ])
