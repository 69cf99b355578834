{
    "name": "Dealer Portal: Channel Inventory",
    "summary": "Dealers report their sell-out and stock counts, see their channel stock, expiry warnings and "
    "replenishment suggestions in the ordering mall (bridge of dealer_portal and dealer_inventory)",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_portal", "dealer_inventory"],
    "data": [
        "views/portal_inventory_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "dealer_portal_inventory/static/src/scss/portal_inventory.scss",
        ],
        "web.assets_tests": [
            "dealer_portal_inventory/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
