from urllib.parse import urlencode

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.dealer_base.tools.params import MAX_PERIOD_DAYS


class DealerWalletStatementWizard(models.TransientModel):
    _name = "dealer.wallet.statement.wizard"
    _description = "Dealer Statement of Account"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, domain="[('is_dealer', '=', True)]")
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(day=1))
    date_to = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) + relativedelta(months=1, days=-1),
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period ends before it starts."))
            if (wizard.date_to - wizard.date_from).days > MAX_PERIOD_DAYS:
                raise UserError(self.env._("A period is at most ten years long."))

    def _report_data(self):
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
            "statement_company_id": self.company_id.id,
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("dealer_wallet.action_report_dealer_statement").report_action(
            self.partner_id.commercial_partner_id, data=self._report_data(),
        )

    def action_print_xlsx(self):
        self.ensure_one()
        query = urlencode({
            "partner_id": self.partner_id.commercial_partner_id.id, **self._report_data(),
        })
        return {"type": "ir.actions.act_url", "url": "/dealer_wallet/statement/xlsx?%s" % query, "target": "download"}
