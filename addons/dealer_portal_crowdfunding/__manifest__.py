{
    "name": "Dealer Portal: Crowdfunding",
    "summary": "Group-buy campaigns in the dealer ordering mall: open campaigns, pledge with a wallet "
    "deposit, cancel (bridge of dealer_portal and dealer_crowdfunding)",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_portal", "dealer_crowdfunding"],
    "data": [
        "views/portal_crowdfunding_templates.xml",
    ],
    "auto_install": True,
    "installable": True,
}
