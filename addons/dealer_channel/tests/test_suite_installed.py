from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSuiteInstalled(TransactionCase):
    def test_every_suite_module_is_a_dependency(self):
        """Installing dealer_channel installs every module of the suite."""
        addons_dir = Path(get_module_path("dealer_channel")).parent
        suite = {
            path.parent.name for path in addons_dir.glob("dealer_*/__manifest__.py")
        } - {"dealer_channel"}
        module = self.env["ir.module.module"].search([("name", "=", "dealer_channel")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(set(module.dependencies_id.mapped("name")), suite)
        installed = self.env["ir.module.module"].search([("name", "in", list(suite))])
        self.assertEqual(set(installed.mapped("state")), {"installed"})
