#!/usr/bin/env python3
"""Screenshots of the dealer portal's main pages, on a desktop and on a phone.

    python3 scripts/portal_screenshots.py                       # http://localhost:8069, dealer / dealer
    python3 scripts/portal_screenshots.py --url http://localhost:8070 --login store --password store

Logs in as a portal dealer of a running server (the demo database of scripts/run.sh is
Chinese, its dealers read zh_CN), opens each page in headless Chromium at 1366x900 and at
390x844 (a phone) and writes ``docs/portal/<page>-<width>.png``. Chromium is driven over
its DevTools protocol on a loopback port; nothing leaves this machine.
"""
import argparse
import base64
import itertools
import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(1366, 900), (390, 844)]
PAGES = [
    ("home", "/my/home"),
    ("catalog", "/my/catalog"),
    ("catalog-usual", "/my/catalog?tab=usual"),
    ("product", None),  # the first product of the catalog
    ("cart", "/my/cart"),
    ("quick-order", "/my/quick-order"),
    ("orders", "/my/orders"),
    ("orders-filtered", "/my/orders?filterby=to_deliver"),
    ("order", None),  # the newest order of the list
    ("invoice-details", "/my/invoice-details"),
    ("delivery-address-new", "/my/delivery-addresses/new"),
    ("wallets", "/my/wallets"),
    ("wallet-ledger", None),  # the first wallet of the list
    ("presale", "/my/presale"),
    ("purchases", "/my/purchases"),
    ("rebates", "/my/rebates"),
]
WAIT_SECONDS = 30  # an upper bound for one page to load, not a pause


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def login(base, db, user, password):
    """A requests session logged in as ``user``."""
    session = requests.Session()
    page = session.get(f"{base}/web/login", params={"db": db} if db else None, timeout=WAIT_SECONDS)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    if not token:
        sys.exit(f"no login form at {base}/web/login")
    response = session.post(f"{base}/web/login", timeout=WAIT_SECONDS, data={
        "csrf_token": token.group(1), "login": user, "password": password, "redirect": "/my/home",
    })
    if "/web/login" in response.url:
        sys.exit(f"could not log in as {user}")
    return session


def first_link(session, base, path, pattern):
    text = session.get(f"{base}{path}", timeout=WAIT_SECONDS).text
    match = re.search(pattern, text)
    return match.group(0) if match else None


class Browser:
    """One headless Chromium tab driven over the DevTools protocol."""

    def __init__(self):
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not binary:
            sys.exit("Chromium is not installed (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="portal-shots-")
        self.port = free_port()
        self.process = subprocess.Popen([
            binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--remote-allow-origins=*", f"--remote-debugging-port={self.port}", f"--user-data-dir={self.profile}",
            "about:blank",
        ], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + WAIT_SECONDS
        targets = None
        while time.monotonic() < deadline:
            try:
                targets = requests.get(f"http://127.0.0.1:{self.port}/json/list", timeout=2).json()
                if any(target["type"] == "page" for target in targets):
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        page = next((target for target in targets or [] if target["type"] == "page"), None)
        if not page:
            self.close()
            sys.exit("Chromium did not start")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=WAIT_SECONDS)
        self.ids = itertools.count(1)
        self.call("Page.enable")
        self.call("Network.enable")

    def call(self, method, **params):
        """Send one command and return its result (events received meanwhile are dropped)."""
        message_id = next(self.ids)
        self.ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")

    def shoot(self, url, width, height, path):
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 768)
        self.call("Page.navigate", url=url)
        deadline = time.monotonic() + WAIT_SECONDS
        # the new document is loaded and its fonts and images are there
        while time.monotonic() < deadline:
            if self.evaluate("document.readyState === 'complete' && document.location.href !== 'about:blank'"):
                break
            time.sleep(0.1)
        # the home page counts its documents after loading: wait for its spinner to go
        while time.monotonic() < deadline:
            if self.evaluate("!document.querySelector('.o_portal_doc_spinner')"):
                break
            time.sleep(0.1)
        self.evaluate("document.fonts.ready.then(() => true)")
        self.evaluate("Promise.all([...document.images].filter(i => !i.complete)"
                      ".map(i => new Promise(r => { i.onload = i.onerror = r; }))).then(() => true)")
        if not self.evaluate("!!document.querySelector('.o_portal_wrap')"):
            raise RuntimeError(f"{url} did not render a portal page: {self.evaluate('document.title')}")
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        try:
            self.process.terminate()
            self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="", help="database (when the server serves several)")
    parser.add_argument("--login", default="dealer")
    parser.add_argument("--password", default="dealer")
    parser.add_argument("--out", default=str(ROOT / "docs" / "portal"))
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    session = login(base, args.db, args.login, args.password)
    wanted = set(filter(None, args.pages.split(",")))
    links = {
        "order": first_link(session, base, "/my/orders", r"/my/orders/\d+"),
        "product": first_link(session, base, "/my/catalog", r"/my/catalog/product/\d+"),
        "wallet-ledger": first_link(session, base, "/my/wallets", r"/my/wallets/\d+"),
    }
    missing = [name for name, link in links.items() if not link]
    if missing:
        print(f"no page found for: {', '.join(missing)} (no order or wallet yet?)", file=sys.stderr)
    browser = Browser()
    try:
        browser.call("Network.setCookie", name="session_id", value=session.cookies["session_id"], url=base)
        for name, path in PAGES:
            path = path or links.get(name)
            if not path or (wanted and name not in wanted):
                continue
            for width, height in SIZES:
                target = out / f"{name}-{width}.png"
                browser.shoot(base + path, width, height, target)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
