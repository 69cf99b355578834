from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tools import amount_to_chinese_capital


@tagged("at_install", "dealer_base")
class TestChineseAmount(TransactionCase):
    def test_spec_examples(self):
        self.assertEqual(amount_to_chinese_capital(12345.67), "壹万贰仟叁佰肆拾伍元陆角柒分")
        self.assertEqual(amount_to_chinese_capital(10000), "壹万元整")
        self.assertEqual(amount_to_chinese_capital(1010.10), "壹仟零壹拾元壹角整")
        self.assertEqual(amount_to_chinese_capital(100200.05), "壹拾万零贰佰元零伍分")
        self.assertEqual(amount_to_chinese_capital(0), "零元整")

    def test_negative(self):
        self.assertEqual(amount_to_chinese_capital(-1010.10), "负壹仟零壹拾元壹角整")
        self.assertEqual(amount_to_chinese_capital(-0.05), "负伍分")

    def test_fractions(self):
        cases = {
            0.5: "伍角整",
            0.05: "伍分",
            0.55: "伍角伍分",
            1000.05: "壹仟元零伍分",
            10.5: "壹拾元伍角整",
            3.07: "叁元零柒分",
            # rounding half-up to the fen
            1.005: "壹元零壹分",
            2.994: "贰元玖角玖分",
        }
        for amount, expected in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_chinese_capital(amount), expected)

    def test_zeros_and_groups(self):
        cases = {
            10: "壹拾元整",
            101: "壹佰零壹元整",
            1001: "壹仟零壹元整",
            100000: "壹拾万元整",
            500000: "伍拾万元整",
            100000000: "壹亿元整",
            100010000: "壹亿零壹万元整",
            100000001: "壹亿零壹元整",
            10001000: "壹仟万壹仟元整",
            10010000: "壹仟零壹万元整",
            20304050: "贰仟零叁拾万肆仟零伍拾元整",
            1000000000000: "壹万亿元整",
            123456789012.34: "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分",
        }
        for amount, expected in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(amount_to_chinese_capital(amount), expected)

    def test_too_large(self):
        with self.assertRaises(ValueError):
            amount_to_chinese_capital(10 ** 16)

    def test_currency_amount_to_text(self):
        cny = self.env.ref("base.CNY")
        usd = self.env.ref("base.USD")
        self.env["res.lang"]._activate_lang("zh_CN")
        zh = cny.with_context(lang="zh_CN")
        self.assertEqual(zh.amount_to_text(12345.67), "壹万贰仟叁佰肆拾伍元陆角柒分")
        # other languages and currencies keep Odoo's num2words behaviour
        english = cny.with_context(lang="en_US").amount_to_text(10)
        self.assertIn("Ten", english)
        self.assertNotIn("元", english)
        self.assertNotIn("元", usd.with_context(lang="zh_CN").amount_to_text(10))
