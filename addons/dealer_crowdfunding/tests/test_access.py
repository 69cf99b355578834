from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DealerCrowdfundingCommon


@tagged("post_install", "-at_install")
class TestCrowdfundingAccess(DealerCrowdfundingCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = cls._create_portal_user(cls.dealer, "cf_portal_a")
        cls.portal_b = cls._create_portal_user(cls.dealer_b, "cf_portal_b")
        cls.campaign = cls._create_campaign()
        cls.restricted = cls._create_campaign(name="只限乙", partner_ids=[Command.set(cls.dealer_b.ids)])
        cls.stores_only = cls._create_campaign(name="只限门店", level_ids=[Command.set(cls.level_store.ids)])
        cls.draft = cls._create_campaign(name="草稿", open_it=False)
        cls.pledge_b = cls.campaign.pledge(cls.dealer_b, 10)

    @classmethod
    def _create_portal_user(cls, dealer, login):
        contact = cls.env["res.partner"].create({"name": "%s 联系人" % dealer.name, "parent_id": dealer.id})
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": contact.name, "login": login, "partner_id": contact.id,
            "groups_id": [Command.set(cls.env.ref("base.group_portal").ids)],
            "company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)],
        })

    def test_portal_sees_eligible_open_campaigns(self):
        visible_a = self.Campaign.with_user(self.portal_a).search([("company_id", "=", self.company.id)])
        self.assertEqual(visible_a, self.campaign)
        visible_b = self.Campaign.with_user(self.portal_b).search([("company_id", "=", self.company.id)])
        self.assertEqual(visible_b, self.campaign | self.restricted)
        with self.assertRaises(AccessError):
            self.restricted.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.draft.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.portal_a).write({"name": "hacked"})

    def test_portal_pledges_are_private(self):
        pledge_a = self.campaign.with_user(self.portal_a).portal_pledge(10)
        self.assertEqual(pledge_a.partner_id, self.dealer)
        self.assertEqual(pledge_a.env.uid, self.portal_a.id)
        Pledge = self.Pledge.with_user(self.portal_a)
        self.assertEqual(Pledge.search([]), pledge_a)
        with self.assertRaises(AccessError):
            self.pledge_b.with_user(self.portal_a).read(["qty"])
        with self.assertRaises(AccessError):
            self.pledge_b.with_user(self.portal_a).action_portal_cancel()
        # nor through the campaign
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.portal_a).read(["pledge_ids"])
        self.assertNotIn("pledge_ids", self.campaign.with_user(self.portal_a).read()[0])
        self.assertEqual(self.pledge_b.state, "pledged")
        # no direct creation nor pledging for someone else
        with self.assertRaises(AccessError):
            Pledge.create({"campaign_id": self.campaign.id, "partner_id": self.dealer.id, "qty": 5})
        count = self.Pledge.search_count([])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.campaign.with_user(self.portal_a).pledge(self.dealer_b, 10)
        self.assertEqual(self.Pledge.search_count([]), count)
        # the campaign pledged on stays visible after closing
        pledge_a.with_user(self.portal_a).action_portal_cancel()
        self.assertEqual(pledge_a.state, "cancelled")

    def test_portal_cannot_pledge_on_ineligible_campaign(self):
        with self.assertRaises(AccessError):
            self.stores_only.with_user(self.portal_a).portal_pledge(10)
        self.assertFalse(self.stores_only.pledge_ids)

    def test_closed_campaign_visible_to_its_pledgers(self):
        self.campaign.action_close()
        self.assertEqual(self.campaign.state, "failed")
        self.assertEqual(self.campaign.with_user(self.portal_b).read(["state"])[0]["state"], "failed")
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.portal_a).read(["state"])

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "其他公司"})
        foreign = self.Campaign.create({
            "name": "其他公司拼单", "product_id": self.product.id, "price_unit": 10.0, "target_qty": 5.0,
            "max_qty": 5.0, "deadline": self.campaign.deadline, "company_id": other.id,
        })
        manager = self.env["res.users"].create({
            "name": "Crowdfunding Manager", "login": "cf_manager",
            "groups_id": [Command.set(self.env.ref("dealer_base.group_dealer_manager").ids)],
            "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
        })
        campaigns = self.Campaign.with_user(manager).search([])
        self.assertIn(self.campaign, campaigns)
        self.assertNotIn(foreign, campaigns)
        self.assertEqual(self.Pledge.with_user(manager).search([("campaign_id", "=", self.campaign.id)]),
                         self.pledge_b)

    def test_dealer_user_registers_pledge(self):
        """A salesperson of the dealer network registers a pledge for a dealer with the
        wizard but cannot configure, open or close campaigns."""
        user = self.env["res.users"].create({
            "name": "Dealer Network User", "login": "cf_dealer_user",
            "groups_id": [Command.set(self.env.ref("dealer_base.group_dealer_user").ids)],
            "company_id": self.company.id, "company_ids": [Command.set(self.company.ids)],
        })
        wizard = self.env["dealer.crowdfunding.pledge.wizard"].with_user(user).create({
            "campaign_id": self.campaign.id, "partner_id": self.dealer.id, "qty": 10,
        })
        wizard.action_confirm()
        self.assertEqual(self.campaign.pledged_qty, 20)
        self.assertEqual(self.campaign.pledge_ids.filtered(lambda p: p.partner_id == self.dealer).create_uid, user)
        with self.assertRaises(AccessError):
            self.campaign.with_user(user).write({"target_qty": 10})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.campaign.with_user(user).action_close()
        self.assertEqual(self.campaign.state, "open")
