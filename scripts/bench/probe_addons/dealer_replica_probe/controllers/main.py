from odoo import http
from odoo.http import request
from odoo.tools import SQL

PROBE_KEY = "dealer_replica_probe.writes"


class DealerReplicaProbe(http.Controller):
    """Loaded with ``--load=base,web,dealer_replica_probe`` (server-wide, not installed)."""

    def _where(self):
        request.env.cr.execute(SQL("SELECT pg_is_in_recovery(), inet_server_port()"))
        in_recovery, port = request.env.cr.fetchone()
        return {"server": "replica" if in_recovery else "primary", "port": port}

    @http.route("/dealer_replica_probe/write", type="http", auth="user", readonly=True)
    def write(self):
        """A readonly route that writes (what the suite's routes must not do): on the replica
        the UPDATE fails with ReadOnlySqlTransaction, Odoo serves the request again on the
        primary; the answer says where the write finally ran."""
        request.env.cr.execute(SQL(
            "UPDATE ir_config_parameter SET value = (value::int + 1)::text WHERE key = %s", PROBE_KEY))
        if not request.env.cr.rowcount:
            request.env.cr.execute(SQL(
                "INSERT INTO ir_config_parameter (key, value) VALUES (%s, '1')", PROBE_KEY))
        return request.make_json_response(self._where())

    @http.route("/dealer_replica_probe/last_order", type="http", auth="user", readonly=True)
    def last_order(self):
        """What a plain readonly page would see of the user's dealer's latest order."""
        partner = request.env.user.partner_id.commercial_partner_id
        request.env.cr.execute(SQL(
            "SELECT max(o.id) FROM sale_order o JOIN res_partner p ON p.id = o.partner_id"
            " WHERE p.commercial_partner_id = %s", partner.id))
        last_order_id = request.env.cr.fetchone()[0]
        return request.make_json_response({**self._where(), "last_order_id": last_order_id})
