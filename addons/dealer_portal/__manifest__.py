{
    "name": "Dealer Portal",
    "summary": "The dealer ordering mall (经销商订货商城) on the customer portal: own catalog at own prices, "
    "cart with promotions and wallet split, quick order upload, reorder, order review status, wallets, "
    "presale balances, downline overview, public store application form",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": [
        "portal",
        "dealer_order",
    ],
    "data": [
        "security/dealer_portal_security.xml",
        "security/ir.model.access.csv",
        "data/dealer_store_application_data.xml",
        "views/portal_templates.xml",
        "views/portal_catalog_templates.xml",
        "views/portal_product_templates.xml",
        "views/portal_cart_templates.xml",
        "views/portal_quick_order_templates.xml",
        "views/portal_order_templates.xml",
        "views/portal_checkout_templates.xml",
        "views/portal_wallet_templates.xml",
        "views/portal_presale_templates.xml",
        "views/portal_downline_templates.xml",
        "views/res_config_settings_views.xml",
        "views/sale_order_views.xml",
        "views/portal_store_application_templates.xml",
        "views/dealer_store_application_views.xml",
        "views/dealer_notice_views.xml",
        "views/dealer_portal_menus.xml",
    ],
    "demo": [
        "demo/dealer_portal_cart_demo.xml",
        "demo/dealer_store_application_demo.xml",
        "demo/dealer_notice_demo.xml",
        "demo/dealer_portal_favorite_demo.xml",
    ],
    "external_dependencies": {"python": ["openpyxl"]},
    "assets": {
        "web.assets_frontend": [
            "dealer_portal/static/src/scss/dealer_portal.scss",
            "dealer_portal/static/src/scss/dealer_portal_product.scss",
            "dealer_portal/static/src/scss/dealer_portal_checkout.scss",
        ],
        "web.assets_tests": [
            "dealer_portal/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
