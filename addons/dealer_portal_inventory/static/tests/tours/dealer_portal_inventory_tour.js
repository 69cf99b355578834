/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data from tests/test_tour.py: the portal dealer "dp_dealer" received 30 of 测试商品A (DP-A).
registry.category("web_tour.tours").add("dealer_portal_inventory_tour", {
    url: "/my/inventory/report",
    steps: () => [
        {
            content: "the first product of the report",
            trigger: "form[name=dealer_inventory_report_form] input[name=code_0]",
            run: "edit DP-A",
        },
        {
            content: "sold 20 of it this month",
            trigger: "form[name=dealer_inventory_report_form] input[name=qty_0]",
            run: "edit 20",
        },
        {
            content: "record the sell-out",
            trigger: "button.o_dealer_report_submit",
            run: "click",
        },
        {
            content: "the stock page confirms the report",
            trigger: ".alert-success:contains('recorded')",
            timeout: 30000,
        },
        {
            content: "30 received − 20 sold = 10 estimated",
            trigger: ".o_dealer_stock_row:contains('测试商品A') .o_dealer_estimated:contains('10')",
        },
        {
            content: "open the replenishment suggestions",
            trigger: "a.nav-link[href='/my/inventory/replenishment']",
            run: "click",
        },
        {
            content: "refresh them from the new sell-out",
            trigger: "form[name=dealer_replenishment_refresh] button",
            run: "click",
        },
        {
            content: "the suggestion for 测试商品A",
            trigger: ".o_dealer_suggestion_row:contains('测试商品A')",
            timeout: 30000,
        },
        {
            content: "add the suggestions to the cart",
            trigger: "button.o_dealer_suggestions_to_cart",
            run: "click",
        },
        {
            content: "the cart holds them",
            trigger: ".alert-success:contains('added to your cart')",
            timeout: 30000,
        },
    ],
});
