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
        # bridges to optional infrastructure outside Odoo (OCA queue_job, which the official
        # image lacks): installed automatically with it, not by the meta module
        optional = {"dealer_queue_job": "queue_job"}
        Module = self.env["ir.module.module"]
        module = Module.search([("name", "=", "dealer_channel")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(set(module.dependencies_id.mapped("name")), suite - set(optional))
        installed = Module.search([("name", "in", list(suite - set(optional)))])
        self.assertEqual(set(installed.mapped("state")), {"installed"})
        for bridge, infrastructure in optional.items():
            bridge = Module.search([("name", "=", bridge)])
            self.assertTrue(bridge.auto_install)
            self.assertIn(infrastructure, bridge.dependencies_id.mapped("name"))
            if Module.search([("name", "=", infrastructure), ("state", "=", "installed")]):
                self.assertEqual(bridge.state, "installed", f"{bridge.name} comes with {infrastructure}")
