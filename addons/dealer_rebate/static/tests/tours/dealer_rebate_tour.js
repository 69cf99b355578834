/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data created by tests/test_tour.py: one dealer invoiced in the last closed quarter
// and the quarterly policy "Tour Volume Rebate".
registry.category("web_tour.tours").add("dealer_rebate_settle_tour", {
    steps: () => [
        {
            content: "open the policy",
            trigger: ".o_data_row td:contains('Tour Volume Rebate')",
            run: "click",
        },
        {
            content: "settle the last closed period",
            trigger: "button[name='action_new_settlement']",
            run: "click",
        },
        {
            content: "the settlement is computed and waits for review",
            trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains('To Review')",
        },
        {
            content: "the dealer's line explains its figure",
            trigger: ".o_field_widget[name=line_ids] .o_data_row td:contains('Tour Dealer')",
        },
        {
            content: "confirm and credit the wallets",
            trigger: "button[name='action_confirm']",
            run: "click",
        },
        {
            content: "accept the confirmation dialog",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "the settlement is confirmed",
            trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains('Confirmed')",
        },
    ],
});
