from . import models
from . import wizards


def post_init_hook(env):
    """The crowdfunding flow of every company (the main company's comes with the data)."""
    env["dealer.order.flow"]._setup_company_flows(env["res.company"].search([]))
