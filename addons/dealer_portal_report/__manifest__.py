{
    "name": "Dealer Portal: Channel Reporting",
    "summary": "Dealers see their own purchases by month and category against last year, and their rebate "
    "progress, in the ordering mall (bridge of dealer_portal and dealer_report)",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_portal", "dealer_report"],
    "data": [
        "security/dealer_portal_report_security.xml",
        "security/ir.model.access.csv",
        "views/portal_report_templates.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "dealer_portal_report/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
