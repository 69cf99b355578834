from . import models, wizards


def post_init_hook(env):
    """Flows of every company, and the forfeited-deposit account of those with a chart."""
    companies = env["res.company"].search([])
    env["dealer.order.flow"]._setup_company_flows(companies)
    companies._dealer_order_setup_accounting()
