"""One test of the dealer eligibility rule, run by every model that inherits
``dealer.eligibility.mixin`` (product pools, promotion rules, crowdfunding
campaigns, rebate policies, credit evaluations).

A module's test subclasses :class:`EligibilityCase`, names its model and writes
``_make_record(**dimensions)``; the case checks the documented rule on a grid of
records and dealers, and that the Python check, the domains and both SQL forms
give the same answer for every pair.
"""
from odoo import Command
from odoo.tests import TransactionCase
from odoo.tools import SQL

from .factory import create_dealer


class EligibilityCase(TransactionCase):
    eligibility_model = None  # the model under test, e.g. "dealer.product.pool"
    allow_inherited_tests_method = True  # the tests below run in every subclass

    @classmethod
    def _make_record(cls, **dimensions):
        """A record of ``eligibility_model`` with these dealer dimensions
        (``tier_ids=[Command.set(...)]``, ...), every other field valid."""
        raise NotImplementedError

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        zhejiang = env.ref("base.state_cn_ZJ")
        jiangsu = env.ref("base.state_cn_JS")
        sichuan = env.ref("base.state_cn_SC")
        cls.east = env["dealer.region"].create({"name": "测试华东", "code": "T-EAST"})
        cls.zj_region = env["dealer.region"].create({
            "name": "测试浙江", "code": "T-ZJ", "parent_id": cls.east.id, "state_ids": [Command.set(zhejiang.ids)],
        })
        env["dealer.region"].create({
            "name": "测试江苏", "code": "T-JS", "parent_id": cls.east.id, "state_ids": [Command.set(jiangsu.ids)],
        })
        cls.tier_a = env["dealer.tier"].create({"name": "测试A类", "code": "T-A"})
        cls.tier_b = env["dealer.tier"].create({"name": "测试B类", "code": "T-B"})
        cls.type_ka = env["dealer.type"].create({"name": "测试KA", "code": "T-KA"})
        cls.mode_direct = env["dealer.sales.mode"].create({"name": "测试直供", "code": "T-DIRECT"})
        cls.l1 = env.ref("dealer_base.dealer_level_l1")
        cls.store = env.ref("dealer_base.dealer_level_store")
        cls.zj_a = create_dealer(env, "测试浙江A类", state=zhejiang, tier=cls.tier_a,
                                 dealer_type_id=cls.type_ka.id, dealer_sales_mode_id=cls.mode_direct.id)
        cls.js_b = create_dealer(env, "测试江苏B类", state=jiangsu, tier=cls.tier_b)
        cls.sc_store = create_dealer(env, "测试四川门店", state=sichuan, level=cls.store, tier=cls.tier_a)
        cls.no_province = create_dealer(env, "测试无省份", tier=cls.tier_a)
        cls.customer = env["res.partner"].create({"name": "测试普通客户", "is_company": True, "state_id": zhejiang.id})
        cls.partners = cls.zj_a | cls.js_b | cls.sc_store | cls.no_province | cls.customer
        cls.records = {
            "open": cls._make_record(),
            "tier_a": cls._make_record(tier_ids=[Command.set(cls.tier_a.ids)]),
            "ka": cls._make_record(type_ids=[Command.set(cls.type_ka.ids)]),
            "store": cls._make_record(level_ids=[Command.set(cls.store.ids)]),
            "direct": cls._make_record(sales_mode_ids=[Command.set(cls.mode_direct.ids)]),
            "east": cls._make_record(region_ids=[Command.set(cls.east.ids)]),
            "zhejiang": cls._make_record(region_ids=[Command.set(cls.zj_region.ids)]),
            "listed": cls._make_record(partner_ids=[Command.set((cls.js_b | cls.sc_store).ids)]),
            # a listed dealer that the tier leaves out is not eligible (AND)
            "listed_tier_a": cls._make_record(
                partner_ids=[Command.set((cls.js_b | cls.sc_store).ids)], tier_ids=[Command.set(cls.tier_a.ids)],
            ),
            "east_tier_a": cls._make_record(
                region_ids=[Command.set(cls.east.ids)], tier_ids=[Command.set(cls.tier_a.ids)],
            ),
        }

    # what the documented rule says, written out by hand
    EXPECTED = {
        "open": {"zj_a", "js_b", "sc_store", "no_province"},
        "tier_a": {"zj_a", "sc_store", "no_province"},
        "ka": {"zj_a"},
        "store": {"sc_store"},
        "direct": {"zj_a"},
        "east": {"zj_a", "js_b"},
        "zhejiang": {"zj_a"},
        "listed": {"js_b", "sc_store"},
        "listed_tier_a": {"sc_store"},
        "east_tier_a": {"zj_a"},
    }
    PARTNER_NAMES = ("zj_a", "js_b", "sc_store", "no_province", "customer")

    def _expected(self, key):
        return self.env["res.partner"].union(*(getattr(self, name) for name in self.EXPECTED[key]))

    def test_python_check_follows_the_rule(self):
        for key, record in self.records.items():
            for name in self.PARTNER_NAMES:
                partner = getattr(self, name)
                with self.subTest(record=key, dealer=name):
                    self.assertEqual(record._is_dealer_eligible(partner), name in self.EXPECTED[key])
        self.assertEqual(self.records["listed_tier_a"]._dealer_eligibility_mismatch(self.js_b), "tier")
        self.assertEqual(self.records["zhejiang"]._dealer_eligibility_mismatch(self.no_province), "region")
        self.assertEqual(self.records["open"]._dealer_eligibility_mismatch(self.customer), "not_dealer")

    def test_a_contact_counts_as_its_company(self):
        contact = self.env["res.partner"].create({"name": "测试采购员", "parent_id": self.sc_store.id})
        self.assertTrue(self.records["store"]._is_dealer_eligible(contact))
        Model = self.env[self.eligibility_model].with_context(active_test=False)
        ids = set(Model.search([("eligible_partner_id", "=", contact.id)]).ids) & set(self._record_ids())
        self.assertEqual(ids, {r.id for k, r in self.records.items() if "sc_store" in self.EXPECTED[k]})

    def _record_ids(self):
        return [record.id for record in self.records.values()]

    def test_domain_of_records_matches_the_python_check(self):
        Model = self.env[self.eligibility_model].with_context(active_test=False)
        for name in self.PARTNER_NAMES:
            partner = getattr(self, name)
            found = Model.search([("id", "in", self._record_ids()), ("eligible_partner_id", "=", partner.id)])
            wanted = {record.id for key, record in self.records.items() if name in self.EXPECTED[key]}
            with self.subTest(dealer=name):
                self.assertEqual(set(found.ids), wanted)

    def test_domain_and_sql_of_dealers_match_the_python_check(self):
        Partner = self.env["res.partner"]
        for key, record in self.records.items():
            expected = self._expected(key)
            with self.subTest(record=key, form="domain"):
                found = Partner.search(record._dealer_eligibility_partner_domain() + [("id", "in", self.partners.ids)])
                self.assertEqual(found, expected)
            with self.subTest(record=key, form="partner sql"):
                Partner.flush_model()
                self.env.cr.execute(SQL(
                    "SELECT rp.id FROM res_partner rp WHERE rp.id IN %s AND %s",
                    tuple(self.partners.ids), record._dealer_eligibility_partner_sql("rp"),
                ))
                self.assertEqual({row[0] for row in self.env.cr.fetchall()}, set(expected.ids))

    def test_sql_of_records_matches_the_python_check(self):
        Model = self.env[self.eligibility_model]
        Model.flush_model()
        self.env["res.partner"].flush_model()
        table = SQL.identifier(Model._table)
        # one dealer at a time, its values inlined (regions placed in SQL, or given as
        # the regions containing its province, as the promotion engine has them)
        for name in self.PARTNER_NAMES:
            partner = getattr(self, name)
            wanted = {record.id for key, record in self.records.items() if name in self.EXPECTED[key]}
            regions = Model._dealer_eligibility_profile(partner).region_ids
            for form, values in (("values", Model._dealer_eligibility_partner_values(partner)),
                                 ("values and regions",
                                  Model._dealer_eligibility_partner_values(partner, region_ids=regions))):
                self.env.cr.execute(SQL(
                    "SELECT x.id FROM %s x WHERE x.id IN %s AND %s",
                    table, tuple(self._record_ids()), Model._dealer_eligibility_sql("x", values),
                ))
                with self.subTest(dealer=name, form=form):
                    self.assertEqual({row[0] for row in self.env.cr.fetchall()}, wanted)
        # every pair at once, as a join with the partner table
        self.env.cr.execute(SQL(
            "SELECT x.id, rp.id FROM %s x JOIN res_partner rp ON %s WHERE x.id IN %s AND rp.id IN %s",
            table, Model._dealer_eligibility_sql("x", Model._dealer_eligibility_partner_columns("rp")),
            tuple(self._record_ids()), tuple(self.partners.ids),
        ))
        pairs = set(self.env.cr.fetchall())
        wanted = {
            (record.id, getattr(self, name).id)
            for key, record in self.records.items() for name in self.EXPECTED[key]
        }
        self.assertEqual(pairs, wanted)
