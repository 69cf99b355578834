"""Odoo's own users on ordinary documents, with a module of the suite installed.

Every module of the suite runs these tests (``test_coexistence.py`` subclasses the
cases below), at install: with that module and its dependencies loaded, users
who have only Odoo's standard groups, and a customer that is not a dealer, must
work exactly as on plain Odoo: no access error on a field the suite added, no
constraint of the suite, no dealer check on their documents.
"""

from odoo import Command
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.tests import Form, HttpCase, TransactionCase

# Users with nothing but Odoo's standard groups
PLAIN_USERS = {
    # Contact Creation is part of every new internal user's default groups
    "salesman": "sales_team.group_sale_salesman,base.group_partner_manager",
    "sale_manager": "sales_team.group_sale_manager",
    "stock_user": "stock.group_stock_user",
    "stock_manager": "stock.group_stock_manager",
    "billing": "account.group_account_invoice",
    "billing_admin": "account.group_account_manager",
    "employee": "base.group_user",
}

# Portal routes of the suite a customer that is not a dealer must never be offered
DEALER_PORTAL_PATHS = ("/my/catalog", "/my/cart", "/my/quick-order", "/my/wallets", "/my/downline",
                       "/my/crowdfunding", "/my/presale")


class PlainOdooCommon(TransactionCase):
    """Standard users, a customer that is not a dealer, a stocked product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.users = {
            key: mail_new_test_user(
                env, login=f"plain_{key}", name=f"Plain {key}", groups=groups,
                company_id=cls.company.id, email=f"plain_{key}@example.com",
            )
            for key, groups in PLAIN_USERS.items()
        }
        cls.customer = env["res.partner"].create({"name": "Plain Customer", "email": "customer@example.com"})
        cls.portal_user = mail_new_test_user(
            env, login="plain_portal", name="Plain Portal Customer", groups="base.group_portal",
            email="plain_portal@example.com",
        )
        cls.product = env["product.product"].create({
            "name": "Plain Stocked Product", "type": "consu", "is_storable": True,
            "list_price": 100.0, "invoice_policy": "order",
        })
        cls.service = env["product.product"].create({
            "name": "Plain Service", "type": "service", "list_price": 40.0, "invoice_policy": "order",
        })
        cls.warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        env["stock.quant"]._update_available_quantity(cls.product, cls.warehouse.lot_stock_id, 100.0)

    def _as(self, key, records):
        return records.with_user(self.users[key])

    def _ordinary_order(self, user_key="salesman", partner=None, qty=3.0):
        """Quotation entered through the form view, as a salesperson does."""
        user = self.users[user_key]
        with Form(self.env["sale.order"].with_user(user)) as form:
            form.partner_id = partner or self.customer
            with form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = qty
            with form.order_line.new() as line:
                line.product_id = self.service
        return form.record

    def _deliver(self, order, user_key):
        picking = self._as(user_key, order.picking_ids)
        self.assertEqual(len(picking), 1)
        picking.action_assign()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _assert_no_dealer_wording(self, records):
        messages = self.env["mail.message"].sudo().search([
            ("model", "=", records._name), ("res_id", "in", records.ids),
        ])
        for message in messages:
            self.assertNotIn("dealer", (message.body or "").lower(),
                             "an ordinary document must not speak of dealers")


class PlainOdooUsersCase(PlainOdooCommon):
    """What a plain salesperson, warehouse user, accountant or employee does every day."""

    # each module's test_coexistence.py runs these tests again with that module installed
    allow_inherited_tests_method = True

    def test_plain_users_read_ordinary_documents(self):
        order = self._ordinary_order()
        order.action_confirm()
        invoice = order._create_invoices()
        picking = order.picking_ids
        readable = {
            "salesman": (order, order.order_line, self.customer, self.product, self.product.product_tmpl_id),
            "sale_manager": (order, order.order_line, self.customer, self.product.product_tmpl_id),
            "billing": (invoice, invoice.line_ids, order, self.customer, self.product),
            "billing_admin": (invoice, invoice.line_ids, order, self.customer, self.company),
            "stock_user": (picking, picking.move_ids, self.customer, self.product, self.product.product_tmpl_id),
            "stock_manager": (picking, picking.move_ids, self.customer, self.warehouse),
            "employee": (self.customer, self.product, self.product.product_tmpl_id),
        }
        for key, records_list in readable.items():
            for records in records_list:
                with self.subTest(user=key, model=records._name):
                    records = self._as(key, records)
                    # every field of the suite that the user may see (those with groups= the user
                    # lacks are left out by Odoo, as the web client leaves them out)
                    fnames = [
                        name for name, field in records._fields.items()
                        if (field._module or "").startswith("dealer_") and field.is_accessible(records.env)
                    ]
                    values = records.read(fnames or ["display_name"])
                    self.assertEqual(len(values), len(records))
                    views = self._as(key, records).get_views([(False, "form"), (False, "list")])
                    self.assertIn("form", views["views"])

    def test_plain_users_work_in_the_forms(self):
        order = self._ordinary_order()
        self.assertEqual(order.amount_untaxed, 340.0)
        forms = {
            "salesman": (order, self.customer),
            "stock_user": (),
            "billing": (self.customer,),
        }
        order.action_confirm()
        forms["stock_user"] = (order.picking_ids,)
        invoice = order._create_invoices()
        forms["billing"] += (invoice,)
        for key, records_list in forms.items():
            for record in records_list:
                with self.subTest(user=key, model=record._name):
                    # opening and saving the form runs every onchange and compute of its fields
                    Form(self._as(key, record)).save()

    def test_plain_sale_delivery_invoice_payment(self):
        order = self._ordinary_order()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        # the warehouse (no sales rights) validates the delivery of the salesperson's order
        self._deliver(order, "stock_user")
        self.assertEqual(order.order_line.filtered(lambda line: line.product_id == self.product).qty_delivered, 3.0)
        invoice = self._as("salesman", order)._create_invoices()
        invoice = self._as("billing", invoice)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 340.0)
        register = self.env["account.payment.register"].with_user(self.users["billing"]).with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({})
        register._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.invoice_status, "invoiced")
        self._assert_no_dealer_wording(order)

    def test_plain_manager_cancels_and_reconfirms(self):
        order = self._ordinary_order("sale_manager")
        order = self._as("sale_manager", order)
        order.action_confirm()
        self.assertEqual(order.picking_ids.state, "assigned")
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.picking_ids.state, "cancel")
        order.action_draft()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_stock_manager_validates_another_users_delivery(self):
        # a delivery of somebody else's order, validated by a user without any sales right
        order = self._ordinary_order("sale_manager")
        order.with_user(self.users["sale_manager"]).action_confirm()
        picking = self._deliver(order, "stock_manager")
        self.assertEqual(picking.move_ids.quantity, 3.0)

    def test_own_documents_salesman_validates_another_users_delivery(self):
        # a warehouse manager who is also a salesperson seeing only his own orders validates part
        # of a colleague's delivery and cancels the backorder: he cannot read that order
        order = self._ordinary_order("sale_manager")
        order.with_user(self.users["sale_manager"]).action_confirm()
        picking = order.picking_ids
        # a user created now empties the cache, as a request of that user starts with none
        clerk = mail_new_test_user(
            self.env, login="plain_stock_salesman", company_id=self.company.id,
            groups="base.group_user,stock.group_stock_manager,sales_team.group_sale_salesman",
        )
        self.env.invalidate_all()
        self.assertFalse(order.with_user(clerk).has_access("read"))
        picking.with_user(clerk).move_ids.write({"quantity": 1, "picked": True})
        Form.from_action(self.env(user=clerk), picking.with_user(clerk).button_validate()) \
            .save().process_cancel_backorder()
        self.assertEqual(picking.state, "done")
        self.assertFalse(order.picking_ids - picking, "the backorder was cancelled, not created")
        self.assertEqual(order.order_line.filtered(lambda line: line.product_id == self.product).qty_delivered, 1.0)

    def test_sales_app_opens_on_quotations(self):
        """Clicking the Sales app opens Odoo's quotations, for dealer operators too."""
        operator = mail_new_test_user(
            self.env, login="plain_operator", groups="sales_team.group_sale_manager,dealer_base.group_dealer_manager",
        )
        menus = self.env["ir.ui.menu"].with_user(operator).load_menus(False)
        sales_app = self.env.ref("sale.sale_menu_root")

        def first_action(menu):
            if menu["action"]:
                return menu["action"]
            for child_id in menu["children"]:
                action = first_action(menus[child_id])
                if action:
                    return action
            return False

        quotations = self.env.ref("sale.action_quotations_with_onboarding")
        self.assertEqual(first_action(menus[sales_app.id]), f"{quotations._name},{quotations.id}")

    def test_contacts_from_every_entry_point(self):
        Partner = self.env["res.partner"].with_user(self.users["salesman"])
        with Form(Partner) as form:
            form.name = "Form Company"
            form.company_type = "company"
            with form.child_ids.new() as child:
                child.name = "Form Contact"
        company = form.record
        self.assertEqual(company.child_ids.name, "Form Contact")
        created = company | company.child_ids
        created |= Partner.browse(Partner.name_create("Quick Contact <quick@example.com>")[0])
        created |= Partner.create({"name": "Plain Create"})
        created |= Partner.create([{"name": f"Batch {index}"} for index in range(3)])
        result = Partner.load(["name", "email"], [["Imported One", "one@example.com"], ["Imported Two", ""]])
        self.assertFalse(result["messages"], result["messages"])
        created |= Partner.browse(result["ids"])
        created |= Partner.find_or_create("Mail Sender <sender@example.com>")
        # b2c signup on the portal creates the user's contact from the template user
        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        signed_up = self.env["res.users"].sudo()._signup_create_user({
            "login": "signup@example.com", "name": "Signed Up", "email": "signup@example.com",
        })
        created |= signed_up.partner_id
        self.assertEqual(len(created), 11)
        if "is_dealer" in created._fields:
            self.assertFalse(any(created.mapped("is_dealer")), "no contact becomes a dealer by itself")
        self.assertEqual(created.mapped("active"), [True] * 11)


class PlainPortalCase(HttpCase):
    """A portal customer that is not a dealer sees Odoo's portal, and nothing of the suite."""

    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = mail_new_test_user(
            cls.env, login="plain_portal_http", password="plain_portal_http", name="Plain Portal Buyer",
            groups="base.group_portal", email="plain_portal_http@example.com",
        )
        product = cls.env["product.product"].create({"name": "Plain Portal Product", "list_price": 25.0})
        cls.order = cls.env["sale.order"].create({
            "partner_id": cls.portal_user.partner_id.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2.0})],
        })
        cls.order.action_confirm()

    def test_plain_portal_customer(self):
        self.authenticate("plain_portal_http", "plain_portal_http")
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        for path in DEALER_PORTAL_PATHS:
            self.assertNotIn(f'href="{path}', home.text, f"a customer that is not a dealer is offered {path}")
        orders = self.url_open("/my/orders")
        self.assertEqual(orders.status_code, 200)
        self.assertIn(self.order.name, orders.text)
        page = self.url_open(self.order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order.name, page.text)
        self.assertNotIn("dealer", page.text.lower().replace("dealer_", ""))
