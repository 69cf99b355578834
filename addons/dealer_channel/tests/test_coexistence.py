from odoo.tests import TransactionCase, tagged

from odoo.addons.dealer_base.tests.coexistence import PlainOdooUsersCase, PlainPortalCase


class TestPlainOdooUsers(PlainOdooUsersCase):
    """Odoo's standard users on ordinary documents with dealer_channel installed."""


class TestPlainPortal(PlainPortalCase):
    """A portal customer that is not a dealer with dealer_channel installed."""


@tagged("post_install", "-at_install")
class TestSharedTables(TransactionCase):
    """The suite's columns on Odoo's own tables never break an insert made without the suite."""

    def test_required_columns_have_a_database_default(self):
        missing = []
        for model in self.env.registry.values():
            if model._name.startswith("dealer.") or model._abstract or not model._auto:
                continue
            for field in model._fields.values():
                if not (field.store and field.column_type and field.required
                        and (field._module or "").startswith("dealer_")):
                    continue
                self.env.cr.execute(
                    "SELECT column_default FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                    [model._table, field.name],
                )
                row = self.env.cr.fetchone()
                if not row or row[0] is None:
                    missing.append(f"{model._name}.{field.name}")
        self.assertFalse(missing, "required suite columns on Odoo tables without a database default "
                                  "(dealer_base.tools.set_column_defaults)")

    def test_contact_inserted_without_the_suite(self):
        """What an insert of a module loaded before the suite does (its registry lacks our fields)."""
        self.env.cr.execute(
            "INSERT INTO res_partner (name, active, type, autopost_bills) "
            "VALUES ('Inserted in SQL', true, 'contact', 'ask') RETURNING id"
        )
        partner = self.env["res.partner"].browse(self.env.cr.fetchone()[0])
        self.assertEqual(partner.dealer_state, "draft")
        self.assertFalse(partner.is_dealer)
