import base64
import json

from odoo import api, models
from odoo.tools import file_open

DASHBOARD_FILE = "dealer_report/data/files/dealer_channel_dashboard.json"
DASHBOARD_XMLID = "dealer_report.spreadsheet_dashboard_dealer_channel"


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    @api.model
    def _dealer_channel_dashboard_data(self):
        """The Dealer Channel dashboard's spreadsheet (a dict): a hook for the bridges that add
        their KPIs to it."""
        with file_open(DASHBOARD_FILE) as handle:
            return json.load(handle)

    @api.model
    def _dealer_channel_dashboard_update(self, **kwargs):
        """Write :meth:`_dealer_channel_dashboard_data` on the dashboard (at install and update of
        this module and of the bridges; ``kwargs`` go to the hook)."""
        # sudo: the module's own dashboard record, rewritten from its own file and hooks at install
        dashboard = self.env.ref(DASHBOARD_XMLID, raise_if_not_found=False).sudo()
        if dashboard:
            data = self.with_context(**kwargs)._dealer_channel_dashboard_data()
            dashboard.spreadsheet_binary_data = base64.b64encode(json.dumps(data, ensure_ascii=False).encode())
