{
    "name": "Dealer Rebates: Fulfillment Profit Shares",
    "summary": "Settle the profit shares of fulfillment orders into the dealers' wallets "
    "with profit-share rebate policies (bridge of dealer_order and dealer_rebate)",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_order", "dealer_rebate"],
    "data": [
        "views/dealer_rebate_policy_views.xml",
        "views/dealer_rebate_settlement_line_views.xml",
        "views/dealer_profit_share_views.xml",
    ],
    "demo": [
        "demo/dealer_rebate_profit_share_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
