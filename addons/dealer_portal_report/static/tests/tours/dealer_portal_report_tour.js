/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data from tests/test_portal_report.py: dealer "dp_dealer" bought 1,300 this month (500 a year
// ago) and stands at 2 % in "测试季度返利", 700 short of 3 %. Run on a 390×844 phone.
registry.category("web_tour.tours").add("dealer_portal_report_tour", {
    url: "/my/purchases",
    steps: () => [
        {
            content: "this month's purchases, as a card",
            trigger: "tr.o_dealer_purchase_month .o_dealer_amount:contains('1,300.00')",
        },
        {
            content: "growth over last year",
            trigger: "tr.o_dealer_purchase_month .o_dealer_growth:contains('+160.0%')",
        },
        {
            content: "no sideways scrolling on a phone",
            trigger: "body",
            run() {
                const page = document.scrollingElement;
                if (page.scrollWidth > page.clientWidth + 1) {
                    throw new Error(`the page scrolls sideways: ${page.scrollWidth} > ${page.clientWidth}`);
                }
            },
        },
        {
            content: "open the rebate progress",
            trigger: "a.o_dealer_rebates_tab",
            run: "click",
        },
        {
            content: "what is missing to the next tier",
            trigger: ".o_dealer_rebate_card .o_dealer_rebate_gap:contains('700.00'):contains('3%')",
        },
        {
            content: "the base so far",
            trigger: ".o_dealer_rebate_card .o_dealer_rebate_base:contains('1,300.00')",
        },
    ],
});
