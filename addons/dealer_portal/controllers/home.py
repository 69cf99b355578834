from odoo import http
from odoo.http import request

from .order import DealerOrderPortal


class DealerHomePortal(DealerOrderPortal):
    """The dealer's home page: what needs the dealer (orders held by the review or refused,
    presale balances to pay, deliveries on their way), its wallets as the cart reads them, the
    brand's notices and the promotions open to it, above the portal's tiles."""

    @http.route()
    def home(self, **kw):
        response = super().home(**kw)
        dealer = self._dealer_portal_dealer()
        if dealer and getattr(response, "qcontext", None) is not None:
            response.qcontext.update(self._dealer_home_values(dealer))
        return response

    def _dealer_home_values(self, dealer):
        wallets = request.env["dealer.wallet"].search(
            [("partner_id", "=", dealer.id), ("company_id", "=", request.env.company.id)], order="wallet_type")
        promotions, promotions_total = request.env["dealer.promotion"]._dealer_portal_home_promotions(dealer)
        return {
            "dealer_home_actions": self._dealer_home_actions(dealer),
            "dealer_home_wallets": wallets,
            "dealer_home_figures": wallets._dealer_portal_figures(),
            "dealer_home_promotions": promotions,
            "dealer_home_promotions_total": promotions_total,
        }

    def _dealer_home_actions(self, dealer):
        """``[{"key", "label", "count", "url", "kind"}]``: the dealer's orders that wait for it or
        are on their way, counted as the lists they link to count them (the same domains, the
        dealer's record rules); only those with a count."""
        _ = request.env._
        Order = request.env["sale.order"]
        filters = self._dealer_orders_filters()
        orders_domain = self._prepare_orders_domain(request.env.user.partner_id)
        actions = [
            ("held", _("Orders awaiting review"), "/my/orders?filterby=held", "warning",
             [*orders_domain, *filters["held"]["domain"]]),
            ("rejected", _("Orders refused by the review"), "/my/orders?filterby=rejected", "danger",
             [*orders_domain, *filters["rejected"]["domain"]]),
            ("balance_due", _("Presale balances to pay"), "/my/presale", "warning",
             [("partner_id", "child_of", dealer.id), ("deposit_state", "=", "deposit_paid"),
              ("state", "!=", "cancel")]),
            ("to_deliver", _("Orders on their way"), "/my/orders?filterby=to_deliver", "info",
             [*orders_domain, *filters["to_deliver"]["domain"]]),
        ]
        result = []
        for key, label, url, kind, domain in actions:
            count = Order.search_count(domain)
            if count:
                result.append({"key": key, "label": label, "count": count, "url": url, "kind": kind})
        return result
