{
    "name": "Dealer Promotions",
    "summary": "Factor-based promotion engine for dealer orders: thresholds, first order, regions, "
    "free goods, caps, budgets, usage monitoring and templates",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_catalog"],
    "data": [
        "security/dealer_promotion_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/product_data.xml",
        "data/ir_cron_data.xml",
        "wizards/dealer_promotion_copy_views.xml",
        "wizards/dealer_promotion_preview_views.xml",
        "views/dealer_promotion_views.xml",
        "views/dealer_promotion_rule_views.xml",
        "views/dealer_promotion_usage_views.xml",
        "views/dealer_promotion_result_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/dealer_promotion_simulation_views.xml",
        "views/dealer_promotion_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_promotion/static/tests/tours/*.js",
        ],
    },
    "demo": [
        "demo/dealer_promotion_demo.xml",
    ],
    "installable": True,
}
