"""Hostile input over HTTP, against a live Odoo server with the whole suite and its demo data.

What an attacker with an ordinary dealer login (and an anonymous visitor) can send the portal:
quantities that are not numbers or absurd, ids and pages that are not ids, periods that are
not dates, uploads that lie about their size or are not what they claim, POSTs without a CSRF
token, JSON-RPC reads of models a dealer has no business reading, another dealer's documents,
and floods of the public store application form. Every answer is a clear refusal (4xx, or the
page with a message), never a server error, and nothing is half-written: the records are
counted (as the administrator, over JSON-RPC) before and after.

``scripts/test.sh`` starts the server on a loopback port for the test database when it installs
the whole suite, runs this module with ``DCS_HTTP_URL`` set (and ``DCS_HTTP_REQUIRED=1``, so that
a server that does not answer fails instead of skipping) and fails the run when the server logs
an error meanwhile. Run alone against a server of your own:
``DCS_HTTP_URL=http://127.0.0.1:8069 DCS_HTTP_DB=<db> python3 -m pytest -p no:odoo tests/test_http_hostile_input.py``
(the demo logins ``admin``, ``dealer`` and ``store`` must be there).
"""
import io
import os
import re
import time
import zipfile

import pytest

requests = pytest.importorskip("requests")

BASE = os.environ.get("DCS_HTTP_URL", "").rstrip("/")
DB = os.environ.get("DCS_HTTP_DB", "")
REQUIRED = os.environ.get("DCS_HTTP_REQUIRED") == "1"
TIMEOUT = 60  # seconds for one answer on a loaded 2-core machine
UPLOAD_BUDGET = 15  # seconds a refused upload may cost, however it lies about its size


def _reachable():
    if not BASE:
        return False
    try:
        return requests.get(f"{BASE}/web/health", timeout=10).status_code == 200
    except requests.RequestException:
        return False


if not _reachable():
    if REQUIRED:
        raise RuntimeError(f"the server to test ({BASE or 'DCS_HTTP_URL not set'}) does not answer")
    pytest.skip("needs a live server with the suite's demo data (DCS_HTTP_URL); scripts/test.sh starts one",
                allow_module_level=True)


# ----------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------
class Client:
    """A browser session: logs in through the login form, keeps the CSRF token of the pages."""

    def __init__(self, login=None, password=None):
        self.session = requests.Session()
        self.uid = None
        if login:
            self.login(login, password)

    def url(self, path):
        return f"{BASE}{path}"

    def get(self, path, **kw):
        kw.setdefault("timeout", TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.session.get(self.url(path), **kw)

    def csrf(self, path="/my"):
        page = self.session.get(self.url(path), timeout=TIMEOUT)
        match = re.search(r'name="csrf_token"\s+value="([^"]+)"', page.text) or \
            re.search(r'csrf_token:\s*"([^"]+)"', page.text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, path, data=None, files=None, token=True, csrf_page="/my", **kw):
        data = dict(data or {})
        if token:
            data["csrf_token"] = self.csrf(csrf_page)
        kw.setdefault("timeout", TIMEOUT)
        kw.setdefault("allow_redirects", False)
        return self.session.post(self.url(path), data=data, files=files, **kw)

    def login(self, login, password):
        token = self.csrf("/web/login")
        data = {"login": login, "password": password, "csrf_token": token, "redirect": "/my"}
        if DB:
            data["db"] = DB
        self.session.post(self.url("/web/login"), data=data, timeout=TIMEOUT)
        info = self.rpc("/web/session/get_session_info", {})
        self.uid = info["result"]["uid"]
        assert self.uid, f"cannot log in as {login}"

    def rpc(self, path, params):
        response = self.session.post(self.url(path), json={"jsonrpc": "2.0", "method": "call", "params": params},
                                     timeout=TIMEOUT)
        assert response.status_code == 200, (path, response.status_code)
        return response.json()

    def call(self, model, method, *args, **kwargs):
        """The JSON-RPC answer of ``model.method(*args, **kwargs)``: ``{"result": ...}`` or ``{"error": ...}``."""
        return self.rpc("/web/dataset/call_kw", {"model": model, "method": method, "args": list(args),
                                                 "kwargs": kwargs})

    def value(self, model, method, *args, **kwargs):
        answer = self.call(model, method, *args, **kwargs)
        assert "error" not in answer, answer.get("error")
        return answer["result"]


def error_name(answer):
    return ((answer.get("error") or {}).get("data") or {}).get("name", "")


@pytest.fixture(scope="module")
def admin():
    return Client("admin", "admin")


@pytest.fixture(scope="module")
def dealer():
    return Client("dealer", "dealer")


@pytest.fixture(scope="module")
def world(admin, dealer):
    """Ids of the demo records the cases need (read as the administrator)."""
    def xmlid(module, name):
        rows = admin.value("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)],
                           fields=["res_id"])
        assert rows, f"demo record {module}.{name} missing"
        return rows[0]["res_id"]

    dealer_partner = xmlid("dealer_base", "demo_l1_01")
    paper = admin.value("product.product", "read", [xmlid("dealer_catalog", "product_a4_paper")],
                        ["id", "default_code"])[0]
    other_orders = admin.value("sale.order", "search_read",
                               [("partner_id.commercial_partner_id", "!=", dealer_partner),
                                ("partner_id.commercial_partner_id.is_dealer", "=", True)],
                               fields=["id", "name"], limit=3)
    other_wallets = admin.value("dealer.wallet", "search_read", [("partner_id", "!=", dealer_partner)],
                                fields=["id", "name"], limit=3)
    own_wallet = admin.value("dealer.wallet", "search_read", [("partner_id", "=", dealer_partner)],
                             fields=["id"], limit=1)
    assert other_orders and other_wallets and own_wallet, "the demo data has other dealers' orders and wallets"
    return {"dealer": dealer_partner, "paper": paper, "other_orders": other_orders,
            "other_wallets": other_wallets, "own_wallet": own_wallet[0]["id"]}


def cart_lines(admin, world):
    """The dealer's open portal cart, as ``{product id: quantity}`` (empty without a cart)."""
    lines = admin.value("sale.order.line", "search_read",
                        [("order_id.dealer_portal_cart", "=", True),
                         ("order_id.partner_id.commercial_partner_id", "=", world["dealer"]),
                         ("order_id.state", "=", "draft")],
                        fields=["product_id", "product_uom_qty"])
    result = {}
    for line in lines:
        result[line["product_id"][0]] = result.get(line["product_id"][0], 0) + line["product_uom_qty"]
    return result


def assert_answered(response, what):
    assert response.status_code < 500, f"{what}: HTTP {response.status_code}"
    assert "Traceback" not in response.text, f"{what}: a traceback shown"


# ----------------------------------------------------------------------
# Uploads built here: a lying dimension, a zip bomb, broken XML, Chinese CSV
# ----------------------------------------------------------------------
def _xlsx(sheet_xml, shared=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/' \
    'spreadsheetml/2006/main">'


def lying_dimension_xlsx():
    """1.6 KB that claim every cell of a sheet, with one value at the very bottom."""
    return _xlsx(SHEET_OPEN + '<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr">'
                 '<is><t>code</t></is></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>'
                 '</worksheet>')


def zip_bomb_xlsx():
    """A sheet of 60 MB of blanks that compresses to a few dozen kilobytes."""
    return _xlsx(SHEET_OPEN + "<sheetData>" + " " * (60 * 1024 * 1024) + "</sheetData></worksheet>")


def broken_xml_xlsx():
    return _xlsx(SHEET_OPEN + '<sheetData><row r="1"><c r="A1"')


def many_rows_csv(rows=300_000):
    return ("code,quantity\n" + "X,1\n" * rows).encode()


# ----------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------
def test_posts_without_csrf_token_are_refused(admin, dealer, world):
    before = cart_lines(admin, world)
    for path, data in (("/my/cart/add", {"product_id": world["paper"]["id"], "qty": "5"}),
                       ("/my/cart/submit", {}),
                       ("/my/quick-order", {"pasted": f"{world['paper']['default_code']} 5"})):
        response = dealer.post(path, data, token=False)
        assert response.status_code in (400, 403), (path, response.status_code)
        response = dealer.post(path, dict(data, csrf_token="forged"), token=False)
        assert response.status_code in (400, 403), (path, "forged token", response.status_code)
    assert cart_lines(admin, world) == before, "nothing written"


@pytest.mark.parametrize("qty", ["NaN", "nan", "inf", "-inf", "Infinity", "1e308", "1e300", "1e12", "100001",
                                 "-5", "0", "abc", "", "0.0000001", "1" * 400, "0x10", "1_000"])
def test_quantities_that_are_not_sane(admin, dealer, world, qty):
    before = cart_lines(admin, world)
    response = dealer.post("/my/cart/add", {"product_id": world["paper"]["id"], "qty": qty})
    assert_answered(response, f"qty={qty!r}")
    assert cart_lines(admin, world) == before, f"qty={qty!r} changed the cart"


def test_cart_update_with_bad_line_ids_and_quantities(admin, dealer, world):
    before = cart_lines(admin, world)
    for line_id in ("abc", "-1", "0", str(2**40), "1e3", "", "1;DROP TABLE"):
        response = dealer.post("/my/cart/update", {"line_id": line_id, "qty": "3"}, csrf_page="/my/cart")
        assert_answered(response, f"line_id={line_id!r}")
    lines = admin.value("sale.order.line", "search_read",
                        [("order_id.dealer_portal_cart", "=", True), ("order_id.state", "=", "draft"),
                         ("order_id.partner_id.commercial_partner_id", "=", world["dealer"])], fields=["id"])
    for qty in ("NaN", "inf", "1e308", "1e12", "abc"):
        for line in lines[:1]:
            response = dealer.post("/my/cart/update", {"line_id": line["id"], "qty": qty}, csrf_page="/my/cart")
            assert_answered(response, f"update qty={qty!r}")
    # another dealer's cart lines are not this dealer's to change
    foreign = admin.value("sale.order.line", "search_read",
                          [("order_id.partner_id.commercial_partner_id", "!=", world["dealer"]),
                           ("order_id.state", "=", "draft")], fields=["id", "product_uom_qty"], limit=1)
    for line in foreign:
        response = dealer.post("/my/cart/update", {"line_id": line["id"], "qty": "7"}, csrf_page="/my/cart")
        assert_answered(response, "a foreign line")
        after = admin.value("sale.order.line", "read", [line["id"]], ["product_uom_qty"])
        assert after[0]["product_uom_qty"] == line["product_uom_qty"], "another dealer's line changed"
    assert cart_lines(admin, world) == before


def test_pledges_that_are_not_numbers(admin, dealer):
    campaigns = admin.value("dealer.crowdfunding", "search_read", [("state", "=", "open")], fields=["id"], limit=1)
    assert campaigns, "the demo has an open crowdfunding campaign"
    campaign = campaigns[0]["id"]
    before = admin.value("dealer.crowdfunding.pledge", "search_count", [])
    for qty in ("NaN", "inf", "-inf", "1e308", "-1e308", "abc", "", "0.0000001"):
        response = dealer.post(f"/my/crowdfunding/{campaign}/pledge", {"qty": qty},
                               csrf_page=f"/my/crowdfunding/{campaign}")
        assert_answered(response, f"pledge qty={qty!r}")
    for path in ("/my/crowdfunding/abc/pledge", "/my/crowdfunding/999999999/pledge"):
        response = dealer.post(path, {"qty": "1"}, csrf_page="/my/crowdfunding")
        assert response.status_code == 404, (path, response.status_code)
    assert admin.value("dealer.crowdfunding.pledge", "search_count", []) == before, "nothing pledged"


@pytest.mark.parametrize("path", [
    "/my/catalog?page=abc", "/my/catalog?category=abc", "/my/catalog?category=-1", "/my/catalog?page=99999999",
    "/my/catalog?search=" + "%" * 3000, "/my/catalog?category=1e9", "/my/downline?page=abc",
    "/my/downline?page=-3", "/my/orders?page=abc", "/my/wallets", "/my/presale", "/my/quick-order",
])
def test_listing_parameters_that_are_not_numbers(dealer, path):
    response = dealer.get(path)
    assert_answered(response, path)
    assert response.status_code in (200, 303, 302, 404), (path, response.status_code)


@pytest.mark.parametrize("path", ["/my/orders/abc", "/my/wallets/abc", "/my/downline/abc", "/my/catalog/image/abc",
                                  "/my/wallets/999999999", "/my/orders/999999999", "/my/downline/999999999",
                                  "/my/crowdfunding/abc"])
def test_ids_that_are_not_records_answer_404(dealer, path):
    response = dealer.get(path)
    assert_answered(response, path)
    assert response.status_code in (404, 303, 302), (path, response.status_code)


@pytest.mark.parametrize("query", [
    "", "?date_from=abc&date_to=2024-01-01", "?date_from=2024-02-30&date_to=2024-03-01",
    "?date_from=2024-01-01&date_to=10000-01-01", "?date_from=2024-03-01&date_to=2024-02-01",
    "?date_from=1990-01-01&date_to=2099-12-31", "?date_from=2024-01-01",
])
def test_statement_periods_that_are_not_periods(dealer, query):
    response = dealer.get("/my/wallets/statement.xlsx" + query)
    assert response.status_code == 400, (query, response.status_code)
    assert "Traceback" not in response.text


def test_ledger_says_a_bad_period_is_not_applied(dealer, world):
    response = dealer.get(f"/my/wallets/{world['own_wallet']}?date_from=2024-02-30&date_to=2024-01-01")
    assert response.status_code == 200
    assert 'name="period_error"' in response.text


@pytest.mark.parametrize("name,content", [
    ("lying.xlsx", lying_dimension_xlsx), ("bomb.xlsx", zip_bomb_xlsx), ("broken.xlsx", broken_xml_xlsx),
    ("many.csv", many_rows_csv), ("renamed.csv", lying_dimension_xlsx), ("image.xlsx", lambda: b"\x89PNG" + b"0" * 99),
    ("utf16.csv", lambda: "code\tquantity\nNOPE\t1\n".encode("utf-16")),
])
def test_uploads_that_lie_are_refused_quickly(admin, dealer, world, name, content):
    before = cart_lines(admin, world)
    data = content()
    started = time.monotonic()
    response = dealer.post("/my/quick-order", files={"upload": (name, data)}, csrf_page="/my/quick-order")
    elapsed = time.monotonic() - started
    assert_answered(response, name)
    assert elapsed < UPLOAD_BUDGET, f"{name} kept the server busy {elapsed:.1f} s"
    assert cart_lines(admin, world) == before, f"{name} changed the cart"


def test_gbk_csv_from_chinese_excel_is_read(admin, dealer, world):
    before = cart_lines(admin, world)
    paper = world["paper"]
    content = f"商品编码,数量\n{paper['default_code']},10\n".encode("gbk")
    response = dealer.post("/my/quick-order", files={"upload": ("订货.csv", content)}, csrf_page="/my/quick-order")
    assert_answered(response, "GBK CSV")
    assert response.status_code in (302, 303) and "/my/cart" in response.headers.get("Location", ""), \
        f"the GBK file is refused: {response.status_code}"
    after = cart_lines(admin, world)
    assert after.get(paper["id"], 0) == before.get(paper["id"], 0) + 10


def test_request_larger_than_the_limit_is_refused_unread(admin, dealer, world):
    before = cart_lines(admin, world)
    response = dealer.post("/my/quick-order", files={"upload": ("huge.csv", b"0" * (25 * 1024 * 1024))},
                           csrf_page="/my/quick-order")
    assert response.status_code in (200, 413), response.status_code
    assert cart_lines(admin, world) == before


@pytest.mark.parametrize("model", ["dealer.promotion.rule", "dealer.promotion", "dealer.promotion.threshold",
                                   "dealer.product.pool", "dealer.rebate.policy", "dealer.rebate.threshold",
                                   "dealer.credit.evaluation", "dealer.pricelist.rule"])
def test_rpc_reads_of_terms_meant_for_others(admin, dealer, model):
    assert admin.value(model, "search_count", []) >= 0, f"{model} is a model of the suite"
    for method, args, kwargs in (("search_read", [[]], {"fields": ["display_name"], "limit": 5}),
                                 ("search_count", [[]], {}), ("read_group", [[], ["id:count"], []], {})):
        answer = dealer.call(model, method, *args, **kwargs)
        assert error_name(answer) == "odoo.exceptions.AccessError", (model, method, answer)


def test_rpc_reads_of_authorizations_give_the_dealers_own(admin, dealer, world):
    everyone = admin.value("dealer.authorization", "search_count", [])
    rows = dealer.value("dealer.authorization", "search_read", [], fields=["partner_id"])
    assert everyone > len(rows), "the demo has other dealers' authorizations"
    assert {row["partner_id"][0] for row in rows} <= {world["dealer"]}, rows


def test_rpc_reads_of_documents_give_the_dealers_own_only(admin, dealer, world):
    orders = dealer.value("sale.order", "search_read", [], fields=["partner_id"])
    own = set(admin.value("res.partner", "search", [("commercial_partner_id", "=", world["dealer"])]))
    assert orders, "the demo dealer has orders"
    assert {order["partner_id"][0] for order in orders} <= own
    wallets = dealer.value("dealer.wallet", "search_read", [], fields=["partner_id"])
    assert wallets and {wallet["partner_id"][0] for wallet in wallets} == {world["dealer"]}
    for wallet in world["other_wallets"]:
        answer = dealer.call("dealer.wallet", "read", [wallet["id"]], ["balance"])
        assert error_name(answer) == "odoo.exceptions.AccessError", answer
    for order in world["other_orders"]:
        answer = dealer.call("sale.order", "read", [order["id"]], ["amount_total"])
        assert error_name(answer) == "odoo.exceptions.AccessError", answer


def test_another_dealers_documents_over_http(dealer, world):
    for order in world["other_orders"]:
        response = dealer.get(f"/my/orders/{order['id']}")
        assert_answered(response, "another dealer's order")
        assert response.status_code != 200 or order["name"] not in response.text, order["name"]
    for wallet in world["other_wallets"]:
        response = dealer.get(f"/my/wallets/{wallet['id']}")
        assert response.status_code == 404, ("another dealer's wallet", response.status_code)


def test_anonymous_visitors_reach_no_dealer_page():
    visitor = Client()
    for path in ("/my/catalog", "/my/cart", "/my/wallets", "/my/wallets/statement.xlsx?date_from=2024-01-01&"
                 "date_to=2024-01-31", "/my/quick-order", "/my/downline"):
        response = visitor.get(path)
        assert response.status_code in (302, 303), (path, response.status_code)
        assert "/web/login" in response.headers.get("Location", ""), path


# The public store application form: bounded fields, allowed ids, a rate limit. Last, because
# the limit per address then refuses this machine's applications for an hour.
def _application(index, **values):
    return {"store_name": f"测试门店 {index}", "contact_name": "张三", "phone": f"1390000{index:04d}",
            "email": f"s{index}@example.com", "city": "杭州", "street": "西湖区文三路 1 号", **values}


def _applications(admin):
    return admin.value("dealer.store.application", "search_count", [])


def test_store_application_bad_fields_write_nothing(admin):
    visitor = Client()
    provinces = admin.value("res.country.state", "search_read", [("country_id.code", "=", "CN")], fields=["id"],
                            limit=1)
    foreign = admin.value("res.country.state", "search_read", [("country_id.code", "=", "US")], fields=["id"],
                          limit=1)
    before = _applications(admin)
    bad = [
        {"store_name": "店" * 100_000},
        {"note": "x" * 2_000_000},
        {"province_id": "abc"},
        {"province_id": "99999999999"},
        {"province_id": "1;DROP TABLE res_partner"},
        {"province_id": str(foreign[0]["id"]) if foreign else "-1"},
        {"dealer_type_id": "abc"},
        {"phone": ""},
    ]
    for index, values in enumerate(bad):
        data = {**_application(9000 + index, province_id=str(provinces[0]["id"])), **values}
        response = visitor.post("/dealer/apply", data, csrf_page="/dealer/apply")
        assert_answered(response, f"application {list(values)}")
        assert response.status_code in (200, 400, 413), (list(values), response.status_code)
    assert _applications(admin) == before, "a bad application was stored"


def test_store_application_flood_is_limited(admin):
    provinces = admin.value("res.country.state", "search_read", [("country_id.code", "=", "CN")], fields=["id"],
                            limit=1)
    company = admin.value("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    limits = admin.value("res.company", "read", [company],
                         ["dealer_store_apply_limit_ip", "dealer_store_apply_limit_hour"])[0]
    hour_ago = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(time.time() - 3600 + 60))
    recent_here = admin.value("dealer.store.application", "search_count",
                              [("ip_address", "=", "127.0.0.1"), ("create_date", ">=", hour_ago)])
    recent_all = admin.value("dealer.store.application", "search_count", [("create_date", ">=", hour_ago)])
    expected = max(0, min(25, limits["dealer_store_apply_limit_ip"] - recent_here,
                          limits["dealer_store_apply_limit_hour"] - recent_all))
    assert 0 < limits["dealer_store_apply_limit_ip"] < 25, "the default limit per address is low enough to test"
    before = _applications(admin)
    statuses = []
    for index in range(25):
        visitor = Client()  # a new session each time: the limit per address still holds
        data = _application(index, province_id=str(provinces[0]["id"]))
        response = visitor.post("/dealer/apply", data, csrf_page="/dealer/apply")
        assert_answered(response, f"application {index}")
        statuses.append(response.status_code)
    stored = _applications(admin) - before
    assert 429 in statuses, f"25 applications from one address in a row were all accepted: {statuses}"
    assert stored == expected, (stored, expected, limits, recent_here)
    assert stored == sum(1 for status in statuses if status in (302, 303)), (stored, statuses)
