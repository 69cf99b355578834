{
    "name": "Dealer Channel Reporting: Channel Inventory",
    "summary": "Sell-out and channel stock beside sell-in per month, dealer and product, and the near-expiry "
    "stock of the dealers on the Dealer Channel dashboard (bridge of dealer_report and dealer_inventory)",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_report", "dealer_inventory"],
    "data": [
        "security/dealer_report_inventory_security.xml",
        "security/ir.model.access.csv",
        "views/dealer_channel_analysis_views.xml",
        "views/dealer_near_expiry_stock_views.xml",
        "views/dealer_report_inventory_menus.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": [
        "demo/dealer_report_inventory_demo.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "auto_install": True,
    "installable": True,
}
