{
    "name": "Dealer Crowdfunding",
    "summary": "Group-buy campaigns (众筹/拼单): dealers pledge quantities with a wallet deposit; when the "
    "target is reached every pledge becomes a confirmed order and the goods ship together",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_order", "stock_picking_batch"],
    "data": [
        "security/dealer_crowdfunding_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/dealer_order_flow_data.xml",
        "wizards/dealer_crowdfunding_pledge_wizard_views.xml",
        "views/dealer_crowdfunding_views.xml",
        "views/dealer_crowdfunding_pledge_views.xml",
        "views/sale_order_views.xml",
        "views/dealer_crowdfunding_menus.xml",
    ],
    "demo": [
        "demo/dealer_crowdfunding_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_crowdfunding/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
