"""Several Odoo nodes on one database: sessions, the bus and queue_job's runner across nodes.

Against live servers started by ``scripts/cluster.sh`` (two ``odoo-bin`` processes in prefork
mode, the same database and data_dir, both loading queue_job server-wide; node1 runs its job
runner, which sends the jobs to node2, or through nginx). ``scripts/test.sh`` starts them without a proxy for the test
database when it installs the whole suite and runs this module with ``DCS_TOPOLOGY_*`` set
(``DCS_TOPOLOGY_REQUIRED=1``: nodes that do not answer fail the checks, they do not skip).
By hand, against the cluster of docs/deployment.md::

    DB=<db> scripts/cluster.sh up
    DCS_TOPOLOGY_DB=<db> DCS_TOPOLOGY_NODES=http://127.0.0.1:8126,http://127.0.0.1:8128 \\
    DCS_TOPOLOGY_WS=ws://127.0.0.1:8127,ws://127.0.0.1:8129 DCS_TOPOLOGY_LOGS=/tmp/scale_cluster \\
        python3 -m pytest -p no:odoo -s tests/test_topology.py

What is proven, each on real processes:
- a session opened on one node is valid on the other (shared data_dir, no sticky sessions);
- a message posted through one node reaches a websocket of the other node (the bus goes
  through PostgreSQL NOTIFY), both ways;
- a crowdfunding close started through node2 (queue_job loaded server-wide, no runner there)
  is queued and run by node1's job runner as one job per chunk and a last step, the jobs being
  executed over HTTP by a node (node2, or either node through nginx); a chunk that fails
  (a suspended dealer) is visible on the campaign with its error, the others are committed,
  the last step waits; once the cause is fixed, *Retry Failed Jobs* puts it back and the
  runner finishes the close: every pledge ordered once, one batch, the closing message.
"""
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

requests = pytest.importorskip("requests")
websocket = pytest.importorskip("websocket")

ROOT = Path(__file__).resolve().parent.parent
NODES = [url.rstrip("/") for url in os.environ.get("DCS_TOPOLOGY_NODES", "").split(",") if url]
WS = [url.rstrip("/") for url in os.environ.get("DCS_TOPOLOGY_WS", "").split(",") if url]
DB = os.environ.get("DCS_TOPOLOGY_DB", "")
LOGS = os.environ.get("DCS_TOPOLOGY_LOGS", "")
REQUIRED = os.environ.get("DCS_TOPOLOGY_REQUIRED") == "1"
TIMEOUT = 60        # seconds for one answer on a loaded 2-core machine
JOBS_TIMEOUT = 600  # seconds for the runner to finish a close (3 chunks of 20 pledges and a last step)
PLEDGES = 45        # three chunks: 20, 20, 5


def _reachable():
    if len(NODES) < 2 or len(WS) != len(NODES) or not DB:
        return False
    try:
        return all(requests.get(f"{node}/web/health", timeout=10).status_code == 200 for node in NODES)
    except requests.RequestException:
        return False


if not _reachable():
    if REQUIRED:
        raise RuntimeError(f"the nodes to test ({NODES or 'DCS_TOPOLOGY_NODES not set'}, websockets {WS}, "
                           f"database {DB or '?'}) do not all answer")
    pytest.skip("needs two live nodes (DCS_TOPOLOGY_NODES, DCS_TOPOLOGY_WS, DCS_TOPOLOGY_DB); "
                "scripts/test.sh starts them", allow_module_level=True)


class Node:
    """A JSON-RPC client of one node, with its own HTTP session."""

    def __init__(self, url, session=None):
        self.url = url
        self.session = session or requests.Session()
        self.info = None

    def login(self, login="admin", password="admin"):
        self.info = self.rpc("/web/session/authenticate", {"db": DB, "login": login, "password": password})
        assert self.info.get("uid"), f"cannot log in as {login} on {self.url}"
        return self

    def rpc(self, path, params):
        response = self.session.post(f"{self.url}{path}", timeout=TIMEOUT, json={
            "jsonrpc": "2.0", "method": "call", "id": 1, "params": params,
        })
        response.raise_for_status()
        body = response.json()
        if body.get("error"):
            raise AssertionError(f"{path} on {self.url}: {json.dumps(body['error'])[:2000]}")
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc("/web/dataset/call_kw", {"model": model, "method": method, "args": list(args),
                                                "kwargs": kwargs})

    def read(self, model, ids, fields):
        return self.call(model, "read", ids, fields)

    @property
    def session_id(self):
        return self.session.cookies.get("session_id")


def _node(index):
    return Node(NODES[index]).login()


# ----------------------------------------------------------------------
# Sessions
# ----------------------------------------------------------------------
def test_session_opened_on_one_node_is_valid_on_the_other():
    first = _node(0)
    other = requests.Session()
    other.cookies.set("session_id", first.session_id)
    info = Node(NODES[1], session=other).rpc("/web/session/get_session_info", {})
    assert info["uid"] == first.info["uid"] and info["db"] == DB


# ----------------------------------------------------------------------
# The bus
# ----------------------------------------------------------------------
def _websocket(ws_url, node):
    """A websocket of ``node``'s session on the gevent process at ``ws_url``, subscribed."""
    version = node.info.get("websocket_worker_version")
    assert version, "the session info names no websocket worker version (bus not installed?)"
    connection = websocket.create_connection(
        f"{ws_url}/websocket?version={version}", timeout=TIMEOUT,
        cookie=f"session_id={node.session_id}", origin=node.url,
    )
    connection.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
    return connection


def _receive_until(connection, token, seconds):
    """The first notification whose text carries ``token``, within ``seconds``, or None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            frame = connection.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if frame and token in frame:
            return json.loads(frame)
    return None


@pytest.mark.parametrize("sender,listener", [(0, 1), (1, 0)], ids=["node1-to-node2", "node2-to-node1"])
def test_message_posted_on_one_node_reaches_a_websocket_of_the_other(sender, listener):
    poster = _node(sender)
    name = f"topology {uuid.uuid4().hex[:8]}"
    poster.call("discuss.channel", "channel_create", name=name, group_id=None)  # its poster is a member
    channel_id = poster.call("discuss.channel", "search", [("name", "=", name)])[0]
    reader = _node(listener)
    connection = _websocket(WS[listener], reader)
    try:
        token = f"cross-node-{uuid.uuid4().hex}"
        poster.call("discuss.channel", "message_post", [channel_id], body=token,
                    message_type="comment", subtype_xmlid="mail.mt_comment")
        notification = _receive_until(connection, token, TIMEOUT)
    finally:
        connection.close()
    assert notification is not None, (
        f"a message posted through {NODES[sender]} did not reach the websocket of {WS[listener]}")
    types = {item["message"]["type"] for item in notification}
    assert "discuss.channel/new_message" in types, types


# ----------------------------------------------------------------------
# Jobs through the runner
# ----------------------------------------------------------------------
def _prepare_campaign():
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench" / "jobs_runner_prepare.py"), "--db", DB,
         "--pledges", str(PLEDGES)],
        capture_output=True, text=True, timeout=900, check=False,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _jobs(node, campaign_id):
    fields = ["state", "dealer_job_count", "dealer_job_done_count", "dealer_job_failed_count",
              "dealer_job_error", "batch_id", "close_message"]
    return node.read("dealer.crowdfunding", [campaign_id], fields)[0]


def _wait_jobs(node, campaign_id, done, failed, seconds=JOBS_TIMEOUT):
    """Poll the campaign until its jobs are ``done`` done and ``failed`` failed (the condition,
    not a time, ends the wait; ``seconds`` only bounds a runner that does not run)."""
    deadline = time.monotonic() + seconds
    while True:
        record = _jobs(node, campaign_id)
        if (record["dealer_job_done_count"], record["dealer_job_failed_count"]) == (done, failed):
            return record
        if time.monotonic() > deadline:
            raise AssertionError(f"the runner did not get the jobs to {done} done / {failed} failed "
                                 f"in {seconds} s: {record}")
        time.sleep(0.5)


def _runjob_requests(name):
    path = Path(LOGS) / f"{name}.log"
    # the access log lines of the node (werkzeug), one per job run it served
    return path.read_text(errors="replace").count('"GET /queue_job/runjob?') if path.exists() else 0


def test_crowdfunding_close_runs_as_jobs_of_the_runner_and_a_failed_chunk_is_retried():
    prepared = _prepare_campaign()
    campaign_id, dealer_ids, pledge_ids = prepared["campaign_id"], prepared["dealer_ids"], prepared["pledge_ids"]
    assert len(pledge_ids) == PLEDGES
    # started through node2, which runs no job runner: queued all the same, run by node1's runner
    node = _node(1)
    first_dealer = node.read("dealer.crowdfunding.pledge", [pledge_ids[0]], ["partner_id"])[0]["partner_id"][0]
    assert first_dealer in dealer_ids
    node.call("res.partner", "write", [first_dealer], {"dealer_state": "suspended"})  # its chunk fails
    before = {name: _runjob_requests(name) for name in ("node1", "node2")} if LOGS else {}

    started = time.monotonic()
    node.call("dealer.crowdfunding", "action_close", [campaign_id])
    record = _jobs(node, campaign_id)
    assert record["state"] == "succeeded", record
    assert record["dealer_job_count"] == 4, (
        "node2 did not queue the close as 3 chunk jobs and a last step (is queue_job loaded "
        f"server-wide there?): {record}")

    # the runner runs the two good chunks; the failing one is visible, the last step waits
    record = _wait_jobs(node, campaign_id, done=2, failed=1)
    first_run = time.monotonic() - started
    assert "suspended" in (record["dealer_job_error"] or ""), record
    assert not record["batch_id"] and not record["close_message"], "the last step ran before every chunk"
    pledges = node.read("dealer.crowdfunding.pledge", pledge_ids, ["state", "sale_order_id"])
    by_id = {pledge["id"]: pledge for pledge in pledges}
    assert {by_id[pid]["state"] for pid in pledge_ids[:20]} == {"pledged"}, "nothing half-done in a failed chunk"
    assert {by_id[pid]["state"] for pid in pledge_ids[20:]} == {"ordered"}

    # the cause fixed, the operator retries the failed jobs: the runner finishes the close
    node.call("res.partner", "write", [first_dealer], {"dealer_state": "active"})
    node.call("dealer.crowdfunding", "action_dealer_jobs_retry", [campaign_id])
    retried = time.monotonic()
    record = _wait_jobs(node, campaign_id, done=4, failed=0)
    retry_run = time.monotonic() - retried
    assert record["batch_id"] and record["close_message"], record

    pledges = node.read("dealer.crowdfunding.pledge", pledge_ids, ["state", "sale_order_id"])
    assert {pledge["state"] for pledge in pledges} == {"ordered"}
    order_ids = [pledge["sale_order_id"][0] for pledge in pledges]
    assert len(set(order_ids)) == PLEDGES, "one order per pledge"
    orders = node.call("sale.order", "search_read", [("crowdfunding_campaign_id", "=", campaign_id)],
                       fields=["state"])
    assert len(orders) == PLEDGES and {order["state"] for order in orders} == {"sale"}, "no pledge ordered twice"
    jobs = node.call("queue.job", "search_read", [("identity_key", "=like", f"dealer.crowdfunding,{campaign_id}:%")],
                     fields=["state", "channel", "retry"])
    assert len(jobs) == 4 and {job["state"] for job in jobs} == {"done"}
    assert {job["channel"] for job in jobs} == {"root.dealer"}
    print(f"\n[topology] close of {PLEDGES} pledges by the runner: first run {first_run:.1f} s "
          f"(2 chunks done, 1 failed), retry {retry_run:.1f} s (the chunk and the last step)")

    if LOGS:
        ran = {name: _runjob_requests(name) - before[name] for name in before}
        print(f"[topology] /queue_job/runjob requests served: {ran}")
        assert sum(ran.values()) >= 5, f"the jobs were not run through the nodes' HTTP: {ran}"
