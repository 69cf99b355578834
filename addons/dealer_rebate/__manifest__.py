{
    "name": "Dealer Rebates",
    "summary": "Volume, growth, category and freight rebate policies, periodic settlements credited "
    "to the dealers' rebate or cash wallets, accruals, and profit-share settlement",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_wallet", "sale_stock"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/dealer_rebate_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/dealer_rebate_policy_views.xml",
        "views/dealer_rebate_settlement_views.xml",
        "views/dealer_rebate_settlement_line_views.xml",
        "views/dealer_rebate_accrual_views.xml",
        "views/res_partner_views.xml",
        "views/dealer_rebate_menus.xml",
    ],
    "demo": [
        "demo/dealer_rebate_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_rebate/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
