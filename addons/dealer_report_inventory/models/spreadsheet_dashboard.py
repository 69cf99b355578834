import json

from odoo import api, models
from odoo.tools import file_open

KPI_FILE = "dealer_report_inventory/data/files/near_expiry_kpi_dashboard.json"
# the width the dashboard's first row of scorecards fits in (a 1366 px wide screen, side panel open)
SCORECARD_ROW_WIDTH = 1060
SCORECARD_GAP = 10


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    @api.model
    def _dealer_channel_dashboard_data(self):
        """Add the KPI of the dealers' near-expiry stock (their latest counts, by region and level;
        the period filter does not apply: it is today's stock), from the KPI's own file: its data
        cells go below the Data sheet's, its scorecard at the end of the dashboard's first row."""
        data = super()._dealer_channel_dashboard_data()
        if not self.env.context.get("include_inventory", True):
            return data
        with file_open(KPI_FILE) as handle:
            kpi = json.load(handle)
        data["pivots"].update(kpi["pivots"])
        sheets = {sheet["name"]: sheet for sheet in data["sheets"]}
        kpi_sheets = {sheet["name"]: sheet for sheet in kpi["sheets"]}
        data_cells = sheets["Data"]["cells"]
        offset = max(int(cell[1:]) for cell in data_cells if cell.startswith("A"))
        for cell, content in kpi_sheets["Data"]["cells"].items():
            data_cells[f"{cell[0]}{int(cell[1:]) + offset}"] = content
        # a cell's format is the sheet's (cell -> format id), the ids those of the main file
        data_formats = sheets["Data"].setdefault("formats", {})
        for cell, format_id in kpi_sheets["Data"].get("formats", {}).items():
            data_formats[f"{cell[0]}{int(cell[1:]) + offset}"] = format_id
        dashboard = data["sheets"][0]
        for figure in kpi_sheets["Dashboard"]["figures"]:
            key = figure["data"]["keyValue"].split("!")[1]
            dashboard["figures"].append(dict(
                figure, data=dict(figure["data"], keyValue=f"Data!{key[0]}{int(key[1:]) + offset}")))
        # the KPI row gets narrower scorecards, so that one more still fits a laptop's width
        row = [figure for figure in dashboard["figures"] if figure["y"] == 10]
        width = min(200, (SCORECARD_ROW_WIDTH - SCORECARD_GAP * (len(row) - 1)) // len(row))
        for position, figure in enumerate(row):
            figure.update(x=position * (width + SCORECARD_GAP), width=width)
            if width < 200:  # 1.02M rather than a cut 1,023,5…
                figure["data"] = dict(figure["data"], humanize=True)
        return data
