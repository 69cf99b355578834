from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDashboardTour(HttpCase):
    """The Dealer Channel dashboard opens in the browser for a Dealer Manager."""

    def test_dashboard_loads(self):
        self.start_tour("/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
                        "dealer_report_dashboard_tour", login="admin", timeout=180)
