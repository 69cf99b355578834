from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import DealerOrderCommon

USCC = "91310000MA1FL0ABCD"  # 18 characters, as a unified social credit code
SPECIAL = {
    "dealer_fapiao_type": "special",
    "dealer_fapiao_bank_name": "中国工商银行上海分行",
    "dealer_fapiao_bank_account": "6222 0210 0112 3456 789",
    "dealer_fapiao_address": "上海市浦东新区世纪大道 100 号",
    "dealer_fapiao_phone": "021-12345678",
}


@tagged("post_install", "-at_install")
class TestFapiao(DealerOrderCommon):
    """The dealer's invoice details: its defaults, the order's copy and the invoice's."""

    def _invoice(self, order):
        order.action_dealer_submit()
        self.assertEqual(order.state, "sale")
        self._validate_delivery(order)
        return order._create_invoices()

    def test_defaults_without_details(self):
        """A dealer without details: an ordinary invoice to the company name."""
        order = self._create_order()
        self.assertEqual(order.dealer_fapiao_type, "ordinary")
        self.assertEqual(order.dealer_fapiao_title, self.dealer.name)
        self.assertFalse(order.dealer_fapiao_tax_number)
        customer = self.env["res.partner"].create({"name": "Plain customer"})
        plain = self._create_order(partner=customer)
        self.assertFalse(plain.dealer_fapiao_type, "a customer that is no dealer: plain Odoo")
        self.assertFalse(plain.dealer_fapiao_title)

    def test_dealer_defaults_to_order_and_invoice(self):
        self.dealer.write({"dealer_fapiao_title": "甲经销商有限公司", "vat": USCC, **SPECIAL})
        self.assertEqual(self.dealer.dealer_fapiao_tax_number, USCC, "the taxpayer ID is the partner's tax ID")
        order = self._create_order()
        self.assertEqual(order.dealer_fapiao_type, "special")
        self.assertEqual(order.dealer_fapiao_title, "甲经销商有限公司")
        self.assertEqual(order.dealer_fapiao_tax_number, USCC)
        self.assertEqual(order.dealer_fapiao_bank_account, SPECIAL["dealer_fapiao_bank_account"])
        # changed for this order only
        order.write({"dealer_fapiao_type": "ordinary", "dealer_fapiao_title": "甲经销商华东仓"})
        invoice = self._invoice(order)
        self.assertEqual(invoice.dealer_fapiao_type, "ordinary")
        self.assertEqual(invoice.dealer_fapiao_title, "甲经销商华东仓")
        self.assertEqual(invoice.dealer_fapiao_tax_number, USCC)
        self.assertEqual(self.dealer.dealer_fapiao_type, "special", "the dealer's defaults stay")
        self.assertEqual(self.dealer.dealer_fapiao_title, "甲经销商有限公司")
        html = self.env["ir.actions.report"]._render_qweb_html("account.report_invoice", invoice.ids)[0].decode()
        self.assertIn("甲经销商华东仓", html, "the printed invoice shows the title")
        self.assertIn(USCC, html)

    def test_orders_with_other_details_are_invoiced_apart(self):
        first = self._create_order()
        second = self._create_order()
        second.dealer_fapiao_title = "甲经销商分部"
        for order in first | second:
            order.action_dealer_submit()
            self._validate_delivery(order)
        invoices = (first | second)._create_invoices()
        self.assertEqual(len(invoices), 2, "one invoice per invoice title")
        self.assertEqual(set(invoices.mapped("dealer_fapiao_title")), {self.dealer.name, "甲经销商分部"})

    def test_invalid_tax_id_of_the_dealer_is_not_copied(self):
        """A tax ID typed before the invoice details existed does not block the dealer's orders."""
        self.dealer.vat = "CN-123"
        order = self._create_order()
        self.assertEqual(order.dealer_fapiao_type, "ordinary")
        self.assertFalse(order.dealer_fapiao_tax_number)

    def test_validations(self):
        cases = [
            ({"dealer_fapiao_type": "special", "vat": USCC}, "needs Invoice Bank, Invoice Bank Account"),
            ({"dealer_fapiao_type": "ordinary", "vat": "12345"}, "not valid"),
            ({"dealer_fapiao_type": "ordinary", "vat": "91310000MA1FL0AB¥D"}, "not valid"),
            ({"dealer_fapiao_title": "甲" * 121}, "at most 120 characters"),
            ({**SPECIAL, "vat": USCC, "dealer_fapiao_bank_account": "6222<script>"}, "only digits"),
            ({**SPECIAL, "vat": USCC, "dealer_fapiao_phone": "x" * 31}, "at most 30 characters"),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message), \
                    self.env.cr.savepoint():
                self.dealer.write(vals)
            self.env.invalidate_all()
        self.dealer.invalidate_recordset()
        self.assertFalse(self.dealer.dealer_fapiao_type, "nothing written")
        self.assertFalse(self.dealer.vat)
        order = self._create_order()
        with self.assertRaisesRegex(ValidationError, "A special VAT invoice needs Taxpayer ID"), \
                self.env.cr.savepoint():
            order.dealer_fapiao_type = "special"
        with self.assertRaisesRegex(ValidationError, "invoice title"), self.env.cr.savepoint():
            order.dealer_fapiao_title = False
        # a valid special invoice, the tax number as typed (lower case) refused, normalized accepted
        vals = order._dealer_fapiao_normalize({**SPECIAL, "dealer_fapiao_title": " 甲 ",
                                               "dealer_fapiao_tax_number": "91310000ma1fl0abcd "})
        self.assertEqual(vals["dealer_fapiao_tax_number"], USCC)
        self.assertEqual(vals["dealer_fapiao_title"], "甲")
        order.write(vals)
        self.assertEqual(order.dealer_fapiao_type, "special")

    def test_other_partners_are_plain_odoo(self):
        """The invoice details of a partner that is no dealer are never checked (nor used)."""
        customer = self.env["res.partner"].create({"name": "Plain customer"})
        customer.dealer_fapiao_type = "special"
        self.assertEqual(customer.dealer_fapiao_type, "special")
        contact = self.env["res.partner"].create({"name": "甲联系人", "parent_id": self.dealer.id})
        contact.dealer_fapiao_bank_account = "not checked on a contact"
        self.assertFalse(self._create_order(partner=customer).dealer_fapiao_type)
