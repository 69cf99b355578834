/** @odoo-module **/

import { registry } from "@web/core/registry";

// The ordering journey on a phone (390x844, tests/test_tours.py): the same data as
// dealer_portal_order_tour. The mall navigation stays one line that scrolls sideways,
// tap targets are at least 44 px high, and the cart is submitted from its sticky footer.
function checkPhoneLayout() {
    const nav = document.querySelector(".o_dealer_nav");
    const link = nav.querySelector(".nav-link");
    if (nav.offsetHeight > link.offsetHeight + 8) {
        throw new Error(`the mall navigation wraps: ${nav.offsetHeight}px high`);
    }
    if (link.offsetHeight < 44) {
        throw new Error(`a navigation link is ${link.offsetHeight}px high, under 44px`);
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
        throw new Error(`the page is wider than the phone: ${document.documentElement.scrollWidth}px`);
    }
}

registry.category("web_tour.tours").add("dealer_portal_phone_tour", {
    url: "/my/catalog?search=DP-A",
    steps: () => [
        {
            content: "the catalog shows the product",
            trigger: ".o_dealer_catalog_product:contains('测试商品A') input[name=qty]",
            run() {
                checkPhoneLayout();
            },
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
            content: "open the cart from the navigation",
            trigger: ".o_dealer_nav a.nav-link[href='/my/cart']",
            run: "click",
        },
        {
            content: "the line is a card of the cart",
            trigger: ".o_dealer_cards .o_dealer_cart_product:contains('测试商品A')",
            timeout: 30000,
            run() {
                checkPhoneLayout();
                const button = document.querySelector(".o_dealer_submit_cart_sticky");
                if (button.offsetHeight < 44) {
                    throw new Error(`the sticky submit button is ${button.offsetHeight}px high`);
                }
                const bottom = button.getBoundingClientRect().bottom;
                if (bottom > window.innerHeight || bottom <= 0) {
                    throw new Error("the sticky submit button is not on the screen");
                }
            },
        },
        {
            content: "give a reference",
            trigger: "form[name=cart_submit] input[name=client_order_ref]",
            run: "edit TOUR-PHONE-1",
        },
        {
            content: "submit from the sticky footer",
            trigger: "button.o_dealer_submit_cart_sticky",
            run: "click",
        },
        {
            content: "the dealer order page tells the order is confirmed",
            trigger: ".o_dealer_order_page .o_dealer_status_confirmed",
            timeout: 30000,
            run() {
                checkPhoneLayout();
            },
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
