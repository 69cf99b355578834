{
    "name": "Dealer Catalog",
    "summary": "Product pools by dealer tier, type and sales mode, dealer pricelists, "
    "minimum order quantities and front categories",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_base"],
    "data": [
        "security/dealer_catalog_security.xml",
        "security/ir.model.access.csv",
        "views/dealer_front_category_views.xml",
        "views/dealer_product_pool_views.xml",
        "views/dealer_pricelist_rule_views.xml",
        "views/dealer_moq_rule_views.xml",
        "views/dealer_product_image_views.xml",
        "views/product_template_views.xml",
        "views/product_product_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/dealer_catalog_menus.xml",
    ],
    "demo": [
        "demo/dealer_catalog_demo.xml",
        "demo/dealer_product_image_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_catalog/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
