{
    "name": "Dealer Channel Reporting",
    "summary": "Channel analytics: dealer dimensions in Sales Analysis, monthly sales by dealer and product "
    "against last year, promotion cost, credit exposure and receivables aging, review KPIs, rebate "
    "accruals against settlements, a Dealer Channel dashboard and XLSX exports, large ones in the background",
    "version": "18.0.1.1.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": ["dealer_order", "dealer_rebate", "spreadsheet_dashboard"],
    "data": [
        "security/dealer_report_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "wizards/dealer_report_export_views.xml",
        "views/sale_report_views.xml",
        "views/dealer_sales_analysis_views.xml",
        "views/dealer_promotion_report_views.xml",
        "views/dealer_credit_exposure_views.xml",
        "views/dealer_review_kpi_views.xml",
        "views/dealer_review_hold_report_views.xml",
        "views/dealer_rebate_report_views.xml",
        "views/dealer_report_export_request_views.xml",
        "views/dealer_report_menus.xml",
        "data/spreadsheet_dashboard_data.xml",
    ],
    "demo": [
        "demo/dealer_report_demo.xml",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "assets": {
        "web.assets_tests": [
            "dealer_report/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "uninstall_hook": "uninstall_hook",
}
