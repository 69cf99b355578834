from odoo.addons.dealer_base.tests.coexistence import PlainOdooUsersCase, PlainPortalCase


class TestPlainOdooUsers(PlainOdooUsersCase):
    """Odoo's standard users on ordinary documents with dealer_report_inventory installed."""


class TestPlainPortal(PlainPortalCase):
    """A portal customer that is not a dealer with dealer_report_inventory installed."""
