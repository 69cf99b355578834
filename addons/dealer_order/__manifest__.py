{
    "name": "Dealer Orders",
    "summary": "Dealer order flows (regular, fulfillment, presale) with automatic review, "
    "held-order queue and profit shares for fulfilling dealers",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_catalog", "dealer_wallet", "dealer_promotion", "sale_stock"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
