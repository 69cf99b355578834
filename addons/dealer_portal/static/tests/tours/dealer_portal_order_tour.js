/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data from tests/test_tours.py: the portal dealer "dp_dealer" whose catalog holds
// 测试商品A (DP-A) and 测试商品B (DP-B, sold by 6), with a funded cash wallet.
registry.category("web_tour.tours").add("dealer_portal_order_tour", {
    url: "/my/catalog",
    steps: () => [
        {
            content: "search the catalog by product code",
            trigger: "form[name=catalog_search] input[name=search]",
            run: "edit DP-A",
        },
        {
            content: "search",
            trigger: "form[name=catalog_search] button[type=submit]",
            run: "click",
        },
        {
            // the page of the search result (the catalog before the search lists the
            // product too: wait for the new page, not for the product)
            content: "the search result page is loaded",
            trigger: "form[name=catalog_search] input[name=search][value='DP-A']",
            timeout: 30000,
        },
        {
            content: "only the matching product is shown",
            trigger: ".o_dealer_catalog_product:contains('测试商品A'):not(:has(.o_dealer_moq))",
        },
        {
            content: "order 10 of it",
            trigger: ".o_dealer_catalog_product:contains('测试商品A') input[name=qty]",
            run: "edit 10",
        },
        {
            content: "add it to the cart",
            trigger: ".o_dealer_catalog_product:contains('测试商品A') .o_dealer_add_to_cart button",
            run: "click",
        },
        {
            content: "the catalog confirms it",
            trigger: ".alert-success:contains('added to your cart')",
            timeout: 30000, // a server round trip: generous on a loaded machine
        },
        {
            content: "open the cart",
            trigger: "a.nav-link[href='/my/cart']",
            run: "click",
        },
        {
            content: "the line is in the cart",
            trigger: ".o_dealer_cart_lines .o_dealer_cart_product:contains('测试商品A')",
            timeout: 30000, // a server round trip: generous on a loaded machine
        },
        {
            content: "the cart says how much more reaches the next threshold",
            trigger: ".o_dealer_threshold_hint:contains('Tour threshold'):contains('200.00')",
        },
        {
            content: "preview the promotions",
            trigger: "button.o_dealer_preview_promotions",
            run: "click",
        },
        {
            content: "the tour promotion is shown as a line",
            trigger: ".o_dealer_promotion_line:contains('Tour promotion')",
            timeout: 30000, // a server round trip: generous on a loaded machine
        },
        {
            content: "the promotion is explained: its rule, base and computation",
            trigger: ".o_dealer_promotion_detail:contains('Tour promotion') .o_dealer_promotion_computation:contains('1,000.00')",
        },
        {
            content: "the line shows which promotion it got",
            trigger: ".o_dealer_cart_lines .o_dealer_line_promotions:contains('Tour promotion')",
        },
        {
            content: "give a reference",
            trigger: "form[name=cart_submit] input[name=client_order_ref]",
            run: "edit TOUR-PO-1",
        },
        {
            content: "submit the order",
            trigger: "button.o_dealer_submit_cart",
            run: "click",
        },
        {
            content: "the order page tells the review result",
            trigger: ".o_dealer_order_page .o_dealer_status_confirmed:contains('Confirmed')",
            timeout: 30000, // a server round trip: generous on a loaded machine
        },
        {
            content: "the order page explains the promotion too",
            trigger: ".o_dealer_order_page .o_dealer_promotion_detail:contains('Tour promotion')",
        },
        {
            // the page's last request: the chatter loads its messages (closing the browser
            // before it would cut that request off)
            content: "the dealer's chatter is loaded",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            timeout: 30000,
        },
    ],
});
