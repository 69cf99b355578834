"""Campaigns follow the suite's dealer eligibility rule (every condition set must hold).

Before, dealers listed on a campaign were eligible whatever its tiers, levels and
regions. The campaigns still open or in draft that set both get a note in their
chatter, so that their managers can split them.
"""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    campaigns = env["dealer.crowdfunding"].with_context(active_test=False).search([
        ("state", "in", ("draft", "open")), ("partner_ids", "!=", False),
        "|", "|", ("tier_ids", "!=", False), ("level_ids", "!=", False), ("region_ids", "!=", False),
    ])
    for campaign in campaigns:
        campaign.message_post(body=env._(
            "Eligibility changed with the upgrade: the listed dealers must now also match the tiers, levels "
            "and regions of the campaign (before, listed dealers were eligible whatever these). Split the "
            "campaign if the listed dealers should join anyway."
        ))
