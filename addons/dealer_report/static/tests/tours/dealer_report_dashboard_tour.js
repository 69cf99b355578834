/** @odoo-module **/

import { registry } from "@web/core/registry";

// Opens the Dealer Channel dashboard from the Dashboards app and waits until the
// spreadsheet is rendered without a loading error (tests/test_tour.py).
registry.category("web_tour.tours").add("dealer_report_dashboard_tour", {
    steps: () => [
        {
            content: "open the Dealer Channel dashboard",
            trigger: ".o_search_panel_category_value[data-name='Dealer Channel']",
            run: "click",
        },
        {
            content: "it is the active dashboard",
            trigger: ".o_search_panel_category_value.active[data-name='Dealer Channel']",
        },
        {
            content: "the spreadsheet is rendered",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-grid",
        },
        {
            content: "no loading error",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
    ],
});
