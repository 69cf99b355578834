from . import models


def uninstall_hook(env):
    """Give the Dealer Channel dashboard back its data without the near-expiry KPI."""
    env["spreadsheet.dashboard"]._dealer_channel_dashboard_update(include_inventory=False)
