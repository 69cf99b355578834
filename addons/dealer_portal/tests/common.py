import re

from odoo import Command
from odoo.tests import HttpCase

from odoo.addons.dealer_base.tests.factory import create_portal_user
from odoo.addons.dealer_order.tests.common import DealerOrderCommon


class DealerPortalCommon(DealerOrderCommon):
    """The order fixture (own company, regions, dealers, funded wallets) plus what the portal needs.

    - ``dealer`` (L1, P-East-1, cash wallet 100,000) with portal user ``portal_user`` (login
      ``dp_dealer``); ``dealer_b`` (another L1 in P-East-2, cash wallet 20,000) with
      ``portal_user_b`` (login ``dp_dealer_b``); ``store`` (below fulfiller A) with ``portal_store``.
      Passwords are the logins.
    - ``item_a`` (100, code DP-A), ``item_b`` (50, DP-B) in every test dealer's pool (from
      DealerOrderCommon); codes DP-C and DP-X for the next two;
      ``item_c`` (80) only in ``dealer_b``'s pool; ``item_hidden`` in no pool.
    - front category ``front_top`` holding item_a and item_c; an MOQ rule on item_b
      (min 6, multiple of 6).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.dealer_b = cls._create_dealer("测试经销商乙", cls.level_l1, cls.state_e2, parent=cls.branch)
        cls._authorize(cls.dealer_b, cls.region_e2)
        cls.item_c = cls._create_item("测试商品C", 80.0)
        cls.item_hidden = cls._create_item("测试商品X", 10.0)
        for product, code in ((cls.item_a, "DP-A"), (cls.item_b, "DP-B"), (cls.item_c, "DP-C"),
                              (cls.item_hidden, "DP-X")):
            product.default_code = code
        cls.dealer_b._dealer_grant_products(cls.items | cls.item_c)
        for product in cls.item_c | cls.item_hidden:
            env["stock.quant"]._update_available_quantity(product, cls.warehouse.lot_stock_id, 1000.0)
        cls.cash_b = env["dealer.wallet"]._get_wallet(cls.dealer_b, "cash")
        cls.cash_b._topup(20000.0, journal=cls.bank_journal, memo="bank transfer")
        cls.front_top = env["dealer.front.category"].create({
            "name": "测试热销", "product_tmpl_ids": [Command.set((cls.item_a | cls.item_c).product_tmpl_id.ids)],
        })
        cls.moq_b = env["dealer.moq.rule"].create({
            "applies_on": "product", "product_tmpl_id": cls.item_b.product_tmpl_id.id,
            "min_qty": 6.0, "multiple_qty": 6.0, "company_id": cls.company.id,
        })
        cls.portal_user = cls._create_portal_user(cls.dealer, "dp_dealer")
        cls.portal_user_b = cls._create_portal_user(cls.dealer_b, "dp_dealer_b")
        cls.portal_store = cls._create_portal_user(cls.store, "dp_store")

    @classmethod
    def _create_portal_user(cls, dealer, login):
        """A portal user on a contact of ``dealer`` (the dealer stays the commercial partner)."""
        contact = cls.env["res.partner"].create({
            "name": f"{dealer.name} 联系人", "parent_id": dealer.id, "type": "contact",
            "email": f"{login}@example.com",
        })
        return create_portal_user(
            cls.env, contact, login, company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)],
        )


class DealerPortalHttpCommon(DealerPortalCommon, HttpCase):
    """The portal fixture for HttpCase tests and tours (``self.authenticate(login, login)``)."""

    def _csrf(self, url="/my/catalog"):
        """The CSRF token of a portal page of the logged-in user."""
        return re.search(r'name="csrf_token" value="([^"]+)"', self.url_open(url).text).group(1)
