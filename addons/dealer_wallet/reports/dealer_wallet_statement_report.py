from odoo import api, fields, models


class ReportDealerStatement(models.AbstractModel):
    _name = "report.dealer_wallet.report_dealer_statement"
    _description = "Dealer Statement of Account Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.context_today(self)
        date_from = fields.Date.to_date(data.get("date_from")) or today.replace(day=1)
        date_to = fields.Date.to_date(data.get("date_to")) or today
        company_id = data.get("statement_company_id")
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        partners = self.env["res.partner"].browse(docids)
        Wallet = self.env["dealer.wallet"]
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "statements": {
                partner.id: Wallet._get_statement_data(partner, date_from, date_to, company=company)
                for partner in partners
            },
        }
