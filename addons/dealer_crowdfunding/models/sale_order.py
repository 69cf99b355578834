import logging

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.dealer_base.tools import savepoint_keeping_tracking

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # created from a successful group-buy campaign; regular orders once the module is gone
    dealer_flow = fields.Selection(selection_add=[("crowdfunding", "Crowdfunding")],
                                   ondelete={"crowdfunding": "set default"})
    crowdfunding_campaign_id = fields.Many2one(
        "dealer.crowdfunding", readonly=True, copy=False,
        index="btree_not_null", check_company=True,
    )
    # the pledges are read by the channel's operators and the pledging dealer; Odoo's own
    # salespeople and accountants read orders without them
    crowdfunding_pledge_ids = fields.One2many(
        "dealer.crowdfunding.pledge", "sale_order_id", string="Crowdfunding Pledges", readonly=True,
        groups="dealer_base.group_dealer_user,base.group_portal",
    )

    def _dealer_is_deposit_order(self):
        # crowdfunding orders carry the deposit of their pledge like presale orders
        return super()._dealer_is_deposit_order() or self.dealer_flow == "crowdfunding"

    def _dealer_crowdfunding_origin_errors(self):
        if self.dealer_flow == "crowdfunding" and not self.crowdfunding_campaign_id:
            return [self.env._(
                "%(order)s: crowdfunding orders are created by their campaign when it succeeds; "
                "use another flow for this order.", order=self.name,
            )]
        return []

    def _dealer_submit_errors(self):
        errors = super()._dealer_submit_errors()
        return errors + self._dealer_crowdfunding_origin_errors() if self.dealer_id else errors

    def _dealer_confirmation_errors(self):
        return super()._dealer_confirmation_errors() + self._dealer_crowdfunding_origin_errors()

    def _dealer_moq_errors(self, exclude=None):
        # the campaign reaches the brand's minimum as a whole; its own minimum
        # pledge was checked when the dealer pledged
        if self.crowdfunding_campaign_id:
            return []
        return super()._dealer_moq_errors(exclude=exclude)

    def _dealer_promotion_apply(self):
        # the campaign price is the deal: promotions do not apply on top of it
        if self.crowdfunding_campaign_id:
            self.with_context(dealer_promotion_apply=True).write({
                "dealer_promotion_outdated": False, "dealer_promotion_date": fields.Datetime.now(),
            })
            return
        return super()._dealer_promotion_apply()

    def _action_cancel(self):
        res = super()._action_cancel()
        # an expired or cancelled order may be the last one a succeeded campaign waited for
        campaigns = self.crowdfunding_campaign_id.filtered(lambda campaign: campaign.state == "succeeded")
        if campaigns:
            campaigns._check_done()
        return res

    def _crowdfunding_try_pay_balance(self):
        """Pay the balance from the dealer's wallets when they cover it.

        :return: True when the balance is paid, False when the order waits for it
            (the reason is logged on the order).
        """
        self.ensure_one()
        try:
            with savepoint_keeping_tracking(self):
                self.action_deposit_pay_balance()
        except UserError as error:
            self.message_post(body=self.env._(
                "The balance could not be paid from the wallets at the close of the campaign: %(error)s",
                error=str(error),
            ))
            return False
        return self.deposit_state == "balance_paid"

    def action_view_crowdfunding_campaign(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "dealer.crowdfunding",
            "view_mode": "form",
            "res_id": self.crowdfunding_campaign_id.id,
        }
