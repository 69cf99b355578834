/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data from tests/test_checkout.py: the portal dealer "dp_dealer" with 测试商品A in its cart,
// authorized in the province P-East-1.
registry.category("web_tour.tours").add("dealer_portal_checkout_tour", {
    url: "/my/cart",
    steps: () => [
        {
            content: "the cart is shown",
            trigger: ".o_dealer_cart_lines .o_dealer_cart_product:contains('测试商品A')",
        },
        {
            content: "add a delivery address",
            trigger: "form[name=cart_submit] a.o_dealer_add_address",
            run: "click",
        },
        {
            content: "contact name",
            trigger: "form[name=delivery_address_form] input[name=name]",
            run: "edit 新仓库王经理",
        },
        {
            content: "phone",
            trigger: "form[name=delivery_address_form] input[name=phone]",
            run: "edit 138 0000 0000",
        },
        {
            content: "province",
            trigger: "form[name=delivery_address_form] select[name=state_id]",
            run: "selectByLabel P-East-1",
        },
        {
            content: "city",
            trigger: "form[name=delivery_address_form] input[name=city]",
            run: "edit 东一市",
        },
        {
            content: "street",
            trigger: "form[name=delivery_address_form] input[name=street]",
            run: "edit 新港路 66 号",
        },
        {
            content: "zip",
            trigger: "form[name=delivery_address_form] input[name=zip]",
            run: "edit 200120",
        },
        {
            content: "save the address",
            trigger: "form[name=delivery_address_form] button.o_dealer_save_address",
            run: "click",
        },
        {
            content: "back at checkout, the new address is added (and chosen: checked by the test)",
            trigger: ".alert-success:contains('新仓库王经理')",
            timeout: 30000, // a server round trip: generous on a loaded machine
        },
        {
            content: "it is one of the addresses to choose from",
            trigger: "form[name=cart_submit] select.o_dealer_shipping:contains('新仓库王经理')",
        },
        {
            content: "open the invoice details",
            trigger: "details.o_dealer_cart_fapiao summary",
            run: "click",
        },
        {
            content: "an ordinary invoice to the company name by default",
            trigger: "details.o_dealer_cart_fapiao[open] input[name=dealer_fapiao_type][value=ordinary]:checked",
        },
        {
            content: "choose a special VAT invoice",
            trigger: "details.o_dealer_cart_fapiao input[name=dealer_fapiao_type][value=special]",
            run: "click",
        },
        {
            content: "taxpayer ID",
            trigger: "details.o_dealer_cart_fapiao input[name=dealer_fapiao_tax_number]",
            run: "edit 91310000ma1fl0abcd",
        },
        {
            content: "bank",
            trigger: "details.o_dealer_cart_fapiao input[name=dealer_fapiao_bank_name]:visible",
            run: "edit 中国工商银行上海分行",
        },
        {
            content: "bank account",
            trigger: "details.o_dealer_cart_fapiao input[name=dealer_fapiao_bank_account]",
            run: "edit 6222021001123456789",
        },
        {
            content: "registered address",
            trigger: "details.o_dealer_cart_fapiao input[name=dealer_fapiao_address]",
            run: "edit 上海市浦东新区世纪大道 100 号",
        },
        {
            content: "registered phone",
            trigger: "details.o_dealer_cart_fapiao input[name=dealer_fapiao_phone]",
            run: "edit 021-12345678",
        },
        {
            content: "give a reference",
            trigger: "form[name=cart_submit] input[name=client_order_ref]",
            run: "edit TOUR-FAPIAO-1",
        },
        {
            content: "submit the order",
            trigger: "button.o_dealer_submit_cart",
            run: "click",
        },
        {
            content: "the order is confirmed",
            trigger: ".o_dealer_order_page .o_dealer_status_confirmed",
            timeout: 30000, // a server round trip: generous on a loaded machine
        },
        {
            content: "the order page shows the invoice details",
            trigger: ".o_dealer_order_page .o_dealer_order_fapiao:contains('91310000MA1FL0ABCD')",
        },
        {
            // the page's last request: the chatter loads its messages
            content: "the dealer's chatter is loaded",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            timeout: 30000,
        },
    ],
});
