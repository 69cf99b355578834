from odoo import api, fields, models


class DealerCrowdfundingPledgeWizard(models.TransientModel):
    _name = "dealer.crowdfunding.pledge.wizard"
    _description = "Register a Crowdfunding Pledge"

    campaign_id = fields.Many2one("dealer.crowdfunding", required=True, domain="[('state', '=', 'open')]")
    company_id = fields.Many2one(related="campaign_id.company_id")
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    product_uom_id = fields.Many2one(related="campaign_id.product_uom_id")
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True,
        domain="[('is_dealer', '=', True), ('is_company', '=', True), ('dealer_state', '=', 'active')]",
    )
    qty = fields.Float(string="Quantity", digits="Product Unit of Measure", required=True, default=1.0)
    remaining_qty = fields.Float(related="campaign_id.remaining_qty")
    min_pledge_qty = fields.Float(related="campaign_id.min_pledge_qty")
    amount = fields.Monetary(compute="_compute_amounts")
    deposit_amount = fields.Monetary(string="Deposit", compute="_compute_amounts")
    wallet_available = fields.Monetary(string="Cash Wallet Available", compute="_compute_amounts")

    @api.depends("campaign_id", "partner_id", "qty")
    def _compute_amounts(self):
        for wizard in self:
            amount = deposit = available = 0.0
            if wizard.campaign_id and wizard.partner_id and wizard.qty > 0:
                amount, deposit = wizard.campaign_id._compute_pledge_amounts(wizard.partner_id, wizard.qty)
                wallet = self.env["dealer.wallet"]._get_wallet(
                    wizard.partner_id, "cash", company=wizard.campaign_id.company_id, create=False)
                available = wallet.available_amount if wallet else 0.0
            wizard.amount, wizard.deposit_amount, wizard.wallet_available = amount, deposit, available

    def action_confirm(self):
        self.ensure_one()
        pledge = self.campaign_id.pledge(self.partner_id, self.qty)
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.crowdfunding.pledge",
            "view_mode": "form",
            "res_id": pledge.id,
        }
