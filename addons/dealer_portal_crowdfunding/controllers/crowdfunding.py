from odoo import http
from odoo.http import request

from odoo.addons.dealer_base.tools import parse_quantity
from odoo.addons.dealer_portal.controllers.portal import DealerCustomerPortal, flash
from odoo.addons.dealer_portal.controllers.replica import readonly_unless_own_write


class DealerCrowdfundingPortal(DealerCustomerPortal):
    """Crowdfunding campaigns on the dealer portal: the open ones, pledge, cancel.

    The campaigns a dealer sees are those the record rules show it: open campaigns it
    is eligible for, and the campaigns of its own pledges.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dealer_campaign_count" in counters:
            values["dealer_campaign_count"] = request.env["dealer.crowdfunding"].search_count(
                [("state", "=", "open")]) if self._dealer_portal_dealer() else 0
        return values

    @http.route("/my/crowdfunding", type="http", auth="user", website=True, readonly=readonly_unless_own_write)
    def dealer_crowdfunding(self, **kw):
        self._dealer_portal_require_dealer()
        campaigns = request.env["dealer.crowdfunding"].search([("state", "=", "open")], order="deadline, id")
        pledges = request.env["dealer.crowdfunding.pledge"].search([], order="date_pledged desc, id desc", limit=50)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "dealer_crowdfunding",
            # sudo: rendering what the record rules let the dealer find (its eligible open
            # campaigns, its own pledges); portal users cannot read the products they name
            "campaigns": campaigns.sudo(),
            "pledges": pledges.sudo(),
        })
        return request.render("dealer_portal_crowdfunding.portal_dealer_crowdfunding", values)

    # read/write: the links to the pledges' orders carry their portal access token, which Odoo
    # writes the first time it is asked for (get_portal_url), on a read
    @http.route("/my/crowdfunding/<int:campaign_id>", type="http", auth="user", website=True)
    def dealer_crowdfunding_campaign(self, campaign_id, **kw):
        dealer = self._dealer_portal_require_dealer()
        campaign = self._dealer_portal_record("dealer.crowdfunding", campaign_id)
        values = self._prepare_portal_layout_values()
        my_pledges = request.env["dealer.crowdfunding.pledge"].search(
            [("campaign_id", "=", campaign.id), ("partner_id", "=", dealer.id)], order="id desc")
        values.update({
            "page_name": "dealer_crowdfunding_campaign",
            # sudo: the campaign and pledges were checked readable by the dealer (record rules)
            "campaign": campaign.sudo(),
            "my_pledges": my_pledges.sudo(),
        })
        return request.render("dealer_portal_crowdfunding.portal_dealer_crowdfunding_campaign", values)

    @http.route("/my/crowdfunding/<int:campaign_id>/pledge", type="http", auth="user", methods=["POST"],
                website=True)
    def dealer_crowdfunding_pledge(self, campaign_id, qty=None, **kw):
        self._dealer_portal_require_dealer()
        campaign = self._dealer_portal_record("dealer.crowdfunding", campaign_id)
        qty = parse_quantity(qty)
        if qty is None:
            flash("danger", request.env._("The pledged quantity must be a number."))
            return request.redirect(f"/my/crowdfunding/{campaign.id}")
        pledge, error = self._dealer_portal_run(lambda: campaign.portal_pledge(qty))
        if not error:
            flash("success", request.env._(
                "Pledge %(pledge)s registered: %(deposit)s deposit reserved on your cash wallet.",
                pledge=pledge.name, deposit=pledge.currency_id.format(pledge.deposit_amount)))
        return request.redirect(f"/my/crowdfunding/{campaign.id}")

    @http.route("/my/crowdfunding/pledge/<int:pledge_id>/cancel", type="http", auth="user", methods=["POST"],
                website=True)
    def dealer_crowdfunding_cancel(self, pledge_id, **kw):
        self._dealer_portal_require_dealer()
        pledge = self._dealer_portal_record("dealer.crowdfunding.pledge", pledge_id)
        _result, error = self._dealer_portal_run(pledge.action_portal_cancel)
        if not error:
            flash("success", request.env._("Pledge %(pledge)s cancelled: its deposit is released.",
                                           pledge=pledge.name))
        return request.redirect(f"/my/crowdfunding/{pledge.campaign_id.id}")
