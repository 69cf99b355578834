from . import controllers, models, reports, tools, wizards


def post_init_hook(env):
    """Create the wallet journal and accounts of every company that has a chart of accounts."""
    env["res.company"].search([("chart_template", "!=", False)])._dealer_wallet_setup_accounting()
