from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tools import in_user_language


@in_user_language
def _granted_line(records):
    """What a scheduled action of the suite would write in its chatter line."""
    return records.env.lang, records.env._("Authorization granted: %(name)s", name="华东 / 浙江")


@tagged("post_install", "-at_install")
class TestInUserLanguage(TransactionCase):
    """A scheduled action runs with an empty context (``ir.cron``): its lines are written in
    the language of the cron's user, unless the context names one."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.user_zh = cls.env["res.users"].create({
            "name": "Chinese clerk", "login": "dealer_lang_zh", "lang": "zh_CN",
            "groups_id": [(6, 0, cls.env.ref("base.group_user").ids)],
        })
        cls.user_en = cls.env["res.users"].create({
            "name": "English clerk", "login": "dealer_lang_en", "lang": "en_US",
            "groups_id": [(6, 0, cls.env.ref("base.group_user").ids)],
        })

    def _as_cron(self, user, context=None):
        """The environment ``ir.cron`` gives a job of ``user``."""
        return self.env(user=user, context=context or {})["res.partner"]

    def test_empty_context_takes_the_users_language(self):
        self.assertEqual(_granted_line(self._as_cron(self.user_zh)), ("zh_CN", "已授予授权：华东 / 浙江"))
        self.assertEqual(_granted_line(self._as_cron(self.user_en)),
                         ("en_US", "Authorization granted: 华东 / 浙江"))

    def test_a_language_in_the_context_wins(self):
        self.assertEqual(_granted_line(self._as_cron(self.user_zh, {"lang": "en_US"}))[0], "en_US")
        self.assertEqual(_granted_line(self._as_cron(self.user_en, {"lang": "zh_CN"}))[0], "zh_CN")

    def test_without_the_decorator_the_line_is_english(self):
        """Why the decorator exists: ``env._`` knows no language in a cron's environment."""
        records = self._as_cron(self.user_zh)
        self.assertIsNone(records.env.lang)
        self.assertEqual(records.env._("Authorization granted: %(name)s", name="x"), "Authorization granted: x")
