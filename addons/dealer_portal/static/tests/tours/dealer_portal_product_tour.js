/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data from tests/test_product_page.py: the portal dealer "dp_dealer" whose catalog holds
// 测试商品B (DP-B, sold by 6). Runs on a desktop and on a phone (390x844): on a phone the
// page is one column, its buttons are at least 44 px high and the add-to-cart form is on
// screen without scrolling to the end of the page.
function checkLayout() {
    const gallery = document.querySelector("[name=product_gallery]");
    const info = document.querySelector("[name=product_info]");
    const button = document.querySelector(".o_dealer_product_buy .o_dealer_add_to_cart button");
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
        throw new Error(`the page is wider than the screen: ${document.documentElement.scrollWidth}px`);
    }
    if (window.innerWidth < 768) {
        if (info.getBoundingClientRect().top < gallery.getBoundingClientRect().bottom - 1) {
            throw new Error("on a phone the product information comes below the pictures (one column)");
        }
        for (const target of [button, document.querySelector(".o_dealer_favorite")]) {
            const box = target.getBoundingClientRect();
            if (box.height < 44 || box.width < 44) {
                throw new Error(`a tap target is ${box.width}x${box.height}px, under 44px`);
            }
        }
        const box = button.getBoundingClientRect();
        if (box.bottom > window.innerHeight || box.top < 0) {
            throw new Error(`add to cart is off screen (${box.top}px of ${window.innerHeight}px)`);
        }
    }
}

registry.category("web_tour.tours").add("dealer_portal_product_tour", {
    url: "/my/catalog?search=DP-B",
    steps: () => [
        {
            content: "open the product page from the catalog card",
            trigger: ".o_dealer_catalog_product:contains('测试商品B') a.o_dealer_product_name",
            run: "click",
        },
        {
            content: "the product page shows the dealer's price and the MOQ",
            trigger: ".o_dealer_product_page:has(h1:contains('测试商品B')) .o_dealer_moq:contains('multiple of 6')",
            timeout: 30000, // a server round trip: generous on a loaded machine
            run() {
                checkLayout();
            },
        },
        {
            content: "order 12 of it",
            trigger: ".o_dealer_product_buy input[name=qty]",
            run: "edit 12",
        },
        {
            content: "add it to the cart",
            trigger: ".o_dealer_product_buy .o_dealer_add_to_cart button",
            run: "click",
        },
        {
            content: "the product page confirms it",
            trigger: ".alert-success:contains('added to your cart')",
            timeout: 30000,
        },
        {
            content: "open the cart",
            trigger: "a.nav-link[href='/my/cart']",
            run: "click",
        },
        {
            content: "the line is in the cart, linked to the product page",
            trigger: ".o_dealer_cart_product[href^='/my/catalog/product/']:contains('测试商品B')",
            timeout: 30000,
        },
    ],
});
