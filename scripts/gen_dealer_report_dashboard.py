"""Write dealer_report's "Dealer Channel" spreadsheet dashboard (Odoo 18 JSON format).

    python3 scripts/gen_dealer_report_dashboard.py

The dashboard is data: this script only spares writing the cell grid by hand. It is
deterministic; commit its output (addons/dealer_report/data/files/dealer_channel_dashboard.json).
"""

import json
import pathlib

TARGET = (pathlib.Path(__file__).resolve().parent.parent
          / "addons/dealer_report/data/files/dealer_channel_dashboard.json")

PERIOD = "d1a2c3e4-0001-4000-8000-000000000001"
REGION = "d1a2c3e4-0002-4000-8000-000000000002"
LEVEL = "d1a2c3e4-0003-4000-8000-000000000003"
ROWS = 10

GLOBAL_FILTERS = [
    {"id": PERIOD, "type": "date", "label": "Period", "defaultValue": "this_month", "rangeType": "relative"},
    {"id": REGION, "type": "relation", "label": "Region", "modelName": "dealer.region", "includeChildren": True,
     "defaultValue": [], "defaultValueDisplayNames": [], "rangeType": "year"},
    {"id": LEVEL, "type": "relation", "label": "Level", "modelName": "dealer.level",
     "defaultValue": [], "defaultValueDisplayNames": [], "rangeType": "year"},
]


def matching(date=None, region=None, level=None, date_type="date"):
    result = {}
    result[PERIOD] = {"chain": date, "type": date_type, "offset": 0} if date else {}
    result[REGION] = {"chain": region, "type": "many2one"} if region else {}
    result[LEVEL] = {"chain": level, "type": "many2one"} if level else {}
    return result


def pivot(pid, name, model, measures, rows=(), domain=(), fields=None, sort=None):
    definition = {
        "type": "ODOO", "id": pid, "formulaId": pid, "name": name, "model": model,
        "domain": list(domain), "context": {}, "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [], "rows": [{"fieldName": r} for r in rows], "fieldMatching": fields or matching(),
    }
    if sort:
        definition["sortedColumn"] = {"groupId": [[], []], "measure": sort, "order": "desc"}
    return definition


SALES = "dealer.sales.analysis"
SALES_FIELDS = matching("date", "dealer_region_id", "dealer_level_id")
PIVOTS = {
    "1": pivot("1", "Sales by Region", SALES, ["amount", "amount_last_year"], ["dealer_region_id"],
               fields=SALES_FIELDS, sort="amount"),
    "2": pivot("2", "Top Dealers", SALES, ["amount", "amount_last_year"], ["partner_id"],
               fields=SALES_FIELDS, sort="amount"),
    "3": pivot("3", "Top Products", SALES, ["amount", "qty"], ["product_id"], fields=SALES_FIELDS, sort="amount"),
    "4": pivot("4", "Growth by Level", SALES, ["amount", "amount_last_year"], ["dealer_level_id"],
               fields=SALES_FIELDS, sort="amount"),
    "5": pivot("5", "Review KPIs", "dealer.review.kpi", ["submitted_count", "auto_approved_count", "held_count"],
               fields=matching("date")),
    "6": pivot("6", "Credit Exposure", "dealer.credit.exposure", ["receivable_amount", "overdue_amount"],
               fields=matching(None, "dealer_region_id", "dealer_level_id")),
    "7": pivot("7", "Active Dealers", "res.partner", ["__count"],
               domain=[["dealer_level_id", "!=", False], ["dealer_state", "=", "active"]],
               fields={PERIOD: {}, REGION: {"chain": "dealer_region_ids", "type": "many2many"},
                       LEVEL: {"chain": "dealer_level_id", "type": "many2one"}}),
}
LISTS = {
    "1": {
        "id": "1", "name": "Review Queue", "model": "sale.order",
        "columns": ["name", "partner_id", "amount_total", "dealer_submit_date"],
        "domain": [["dealer_review_state", "=", "held"]], "context": {},
        "orderBy": [{"name": "dealer_submit_date", "asc": True}],
        "fieldMatching": {PERIOD: {}, REGION: {}, LEVEL: {"chain": "partner_id.commercial_partner_id.dealer_level_id",
                                                          "type": "many2one"}},
    },
}


def text(label):
    return {"content": f'=_t("{label}")', "style": 2}


def build():
    cells, data_cells = {}, {}
    # the figures the scorecards show
    data_rows = [
        ("Sales", '=PIVOT.VALUE(1,"amount")'),
        ("Sales Last Year", '=PIVOT.VALUE(1,"amount_last_year")'),
        ("Active Dealers", '=PIVOT.VALUE(7,"__count")'),
        ("Auto-Approval Rate", '=IFERROR(PIVOT.VALUE(5,"auto_approved_count")/PIVOT.VALUE(5,"submitted_count"),0)'),
        ("Receivables", '=PIVOT.VALUE(6,"receivable_amount")'),
        ("Overdue", '=PIVOT.VALUE(6,"overdue_amount")'),
        ("Held Orders", '=PIVOT.VALUE(5,"held_count")'),
    ]
    for index, (label, formula) in enumerate(data_rows, start=1):
        data_cells[f"A{index}"] = {"content": f'=_t("{label}")'}
        data_cells[f"B{index}"] = {"content": formula, "format": 2 if label == "Auto-Approval Rate" else 1}

    def block(row, col_letters, title, pid, field, measures, headers):
        first = col_letters[0]
        cells[f"{first}{row}"] = {"content": f'=_t("{title}")', "style": 1}
        for letter, header in zip(col_letters, headers, strict=True):
            cells[f"{letter}{row + 1}"] = text(header)
        for i in range(1, ROWS + 1):
            r = row + 1 + i
            cells[f"{first}{r}"] = {"content": f'=PIVOT.HEADER({pid},"#{field}",{i})', "style": 3}
            for letter, measure in zip(col_letters[1:], measures, strict=True):
                cells[f"{letter}{r}"] = {"content": f'=PIVOT.VALUE({pid},"{measure}","#{field}",{i})',
                                         "format": 1, "style": 3}

    block(7, "ABC", "Sales by Region", "1", "dealer_region_id", ["amount", "amount_last_year"],
          ["Region", "Sales", "Last Year"])
    block(7, "EFG", "Top Dealers", "2", "partner_id", ["amount", "amount_last_year"],
          ["Dealer", "Sales", "Last Year"])
    block(20, "ABC", "Top Products", "3", "product_id", ["amount", "qty"], ["Product", "Sales", "Quantity"])
    block(20, "EFG", "Growth by Level", "4", "dealer_level_id", ["amount", "amount_last_year"],
          ["Level", "Sales", "Last Year"])
    row = 33
    cells[f"A{row}"] = {"content": '=_t("Review Queue")', "style": 1}
    for letter, header in zip("ABCE", ["Order", "Dealer", "Total", "Submitted on"], strict=True):
        cells[f"{letter}{row + 1}"] = text(header)
    for i in range(1, ROWS + 1):
        r = row + 1 + i
        for letter, column in zip("ABCE", ["name", "partner_id", "amount_total", "dealer_submit_date"], strict=True):
            cells[f"{letter}{r}"] = {"content": f'=ODOO.LIST(1,{i},"{column}")', "style": 3}

    def scorecard(fid, x, title, key, baseline=None):
        chart = {"type": "scorecard", "title": {"text": title, "bold": True, "color": "#434343"},
                 "background": "#EFF6FF", "keyValue": key, "humanize": False,
                 "baselineColorDown": "#DC6965", "baselineColorUp": "#00A04A"}
        if baseline:
            chart.update(baseline=baseline, baselineMode="percentage", baselineDescr="vs last year")
        return {"id": fid, "x": x, "y": 10, "width": 200, "height": 100, "tag": "chart", "data": chart}

    figures = [
        scorecard("f1000000-0000-4000-8000-000000000001", 0, "Sales", "Data!B1", "Data!B2"),
        scorecard("f1000000-0000-4000-8000-000000000002", 210, "Active Dealers", "Data!B3"),
        scorecard("f1000000-0000-4000-8000-000000000003", 420, "Auto-Approval Rate", "Data!B4"),
        scorecard("f1000000-0000-4000-8000-000000000004", 630, "Receivables", "Data!B5"),
        scorecard("f1000000-0000-4000-8000-000000000005", 840, "Overdue", "Data!B6"),
    ]
    sheet = {
        "id": "sheet1", "name": "Dashboard", "colNumber": 7, "rowNumber": 46,
        "rows": {"6": {"size": 40}, "19": {"size": 40}, "32": {"size": 40}},
        "cols": {"0": {"size": 260}, "1": {"size": 130}, "2": {"size": 130}, "3": {"size": 40},
                 "4": {"size": 260}, "5": {"size": 130}, "6": {"size": 130}},
        "merges": [], "cells": cells, "borders": {}, "conditionalFormats": [],
        "figures": figures, "tables": [], "areGridLinesVisible": False, "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []}, "dataValidationRules": [], "comments": {},
    }
    data_sheet = dict(sheet, id="sheet2", name="Data", colNumber=2, rowNumber=len(data_rows), rows={},
                      cols={"0": {"size": 200}, "1": {"size": 150}}, cells=data_cells, figures=[],
                      isVisible=False)
    for each in (sheet, data_sheet):
        split_cell_properties(each)
    return {
        "version": 21, "sheets": [sheet, data_sheet],
        "styles": {"1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
                   "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
                   "3": {"textColor": "#434343", "verticalAlign": "middle"}},
        "formats": {"1": "#,##0", "2": "0.0%"}, "borders": {}, "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {"locale": {"name": "English (US)", "code": "en_US", "thousandsSeparator": ",",
                                "decimalSeparator": ".", "dateFormat": "mm/dd/yyyy", "timeFormat": "hh:mm:ss",
                                "formulaArgSeparator": ",", "weekStart": 7}},
        "pivots": PIVOTS, "pivotNextId": len(PIVOTS) + 1, "customTableStyles": {}, "odooVersion": 12,
        "globalFilters": GLOBAL_FILTERS, "lists": LISTS, "listNextId": len(LISTS) + 1,
        "chartOdooMenusReferences": {
            "f1000000-0000-4000-8000-000000000001": "dealer_report.dealer_sales_analysis_menu",
            "f1000000-0000-4000-8000-000000000003": "dealer_report.dealer_review_kpi_menu",
            "f1000000-0000-4000-8000-000000000004": "dealer_report.dealer_credit_exposure_menu",
            "f1000000-0000-4000-8000-000000000005": "dealer_report.dealer_credit_exposure_menu",
        },
    }


def split_cell_properties(sheet):
    """Move each cell's ``style`` and ``format`` to the sheet's ``styles`` / ``formats`` (cell ->
    id): from version 21 on, o-spreadsheet reads them there only, and ignores them on a cell."""
    for prop, key in (("style", "styles"), ("format", "formats")):
        sheet[key] = {xc: cell.pop(prop) for xc, cell in sheet["cells"].items() if prop in cell}


if __name__ == "__main__":
    TARGET.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(TARGET)
