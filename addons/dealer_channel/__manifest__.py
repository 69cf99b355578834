{
    "name": "Dealer Channel Suite",
    "summary": "Installs the whole dealer channel platform: network, catalog, wallets, promotions, rebates, "
    "order flows with automatic review, crowdfunding, the dealer ordering portal",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": [
        "dealer_base",
        "dealer_catalog",
        "dealer_wallet",
        "dealer_promotion",
        "dealer_rebate",
        "dealer_order",
        "dealer_crowdfunding",
        "dealer_portal",
        "dealer_rebate_profit_share",
        "dealer_portal_crowdfunding",
    ],
    "installable": True,
    "application": True,
}
