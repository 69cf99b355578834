#!/usr/bin/env python3
"""Page speed of the dealer portal's main pages, as a dealer's phone sees them.

    DB=dcs_demo PORT=8069 scripts/run.sh &          # the demo database, served as deployed
    python3 scripts/bench/dealer_portal_pages_bench.py --url http://localhost:8069 \
        [--login dealer --password dealer] [--requests 50]

Logs in as a portal dealer of the demo database (``dealer`` / ``dealer``: the level-1
dealer), then GETs each page ``--requests`` times one after the other: the portal home
(with the notices), the catalog, its usual-products and favourites tabs, a product's page
(the cart's first product, else the catalog's), the cart, the
orders list (plain and filtered), the page of the dealer's latest order and the wallets
page. Prints per page the median and p95 of the time to the last byte seen by the client
(on the same machine: the server's time plus a loopback round trip) and the size of the
page. Target: p95 ≤ 300 ms. The numbers are copied into docs/benchmarks.md by hand (this
script writes nothing). For the cart at the target's size (50 lines, 1,000 active
promotions), run ``dealer_portal_cart_prepare.py --db <the database>`` first.
"""
import argparse
import re
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

TARGET_P95_MS = 300.0
ORDER_LINK = re.compile(r'href="/my/orders/(\d+)\?')
PRODUCT_LINK = re.compile(r'href="/my/catalog/product/(\d+)"')


def client(url, login, password):
    """An opener logged in as ``login`` (session cookie kept)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{url}/web/login", timeout=60).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": login, "password": password, "csrf_token": token,
                                   "redirect": "/my"}).encode()
    landed = opener.open(f"{url}/web/login", data=data, timeout=60)
    if "/web/login" in landed.geturl():
        sys.exit(f"cannot log in as {login}")
    return opener


def timed_get(opener, url):
    start = time.perf_counter()
    response = opener.open(url, timeout=60)
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise RuntimeError(f"{url}: HTTP {response.status}")
    return elapsed, body


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--login", default="dealer")
    parser.add_argument("--password", default="dealer")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--search", default="笔", help="the catalog and orders search term (the demo's pens)")
    args = parser.parse_args()
    opener = client(args.url.rstrip("/"), args.login, args.password)
    base = args.url.rstrip("/")
    orders = opener.open(f"{base}/my/orders", timeout=60).read().decode()
    order_ids = ORDER_LINK.findall(orders)
    # the first product of the cart (the benchmark's cart), else of the catalog's first page
    product_ids = (PRODUCT_LINK.findall(opener.open(f"{base}/my/cart", timeout=60).read().decode())
                   or PRODUCT_LINK.findall(opener.open(f"{base}/my/catalog", timeout=60).read().decode()))
    search = urllib.parse.quote(args.search)
    pages = [
        ("home /my (notices)", "/my"),
        ("catalog", "/my/catalog"),
        ("catalog, search", f"/my/catalog?search={search}"),
        ("catalog, usual products", "/my/catalog?tab=usual"),
        ("catalog, favourites", "/my/catalog?tab=favorites"),
        ("cart", "/my/cart"),
        ("orders list", "/my/orders"),
        ("orders list, filtered", f"/my/orders?filterby=to_deliver&search_in=product&search={search}"),
        ("wallets", "/my/wallets"),
    ]
    if order_ids:
        pages.insert(8, ("order page", f"/my/orders/{order_ids[0]}"))
    if product_ids:
        pages.insert(5, ("product page", f"/my/catalog/product/{product_ids[0]}"))
    print(f"{benchlib.machine_info()}\n{args.requests} requests per page, after {args.warmup} warm-up requests\n")
    print("| page | median ms | p95 ms | KiB | p95 ≤ 300 ms |")
    print("|---|---:|---:|---:|---|")
    failed = False
    for label, path in pages:
        for _i in range(args.warmup):
            timed_get(opener, base + path)
        timings, size = [], 0
        for _i in range(args.requests):
            elapsed, body = timed_get(opener, base + path)
            timings.append(elapsed)
            size = len(body)
        stats = benchlib.summarize(timings)
        ok = stats["p95_ms"] <= TARGET_P95_MS
        failed |= not ok
        print(f"| {label} (`{path}`) | {stats['median_ms']:.0f} | {stats['p95_ms']:.0f} | {size / 1024:.0f} | "
              f"{'yes' if ok else 'NO'} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
