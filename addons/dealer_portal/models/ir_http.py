import threading

from odoo import models
from odoo.http import request

from ..controllers.replica import note_write


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _post_dispatch(cls, response):
        """A logged-in user's request that could write (not GET, on a read/write cursor):
        the user's own documents are read from the primary for a while (read-your-writes,
        see ``controllers/replica.py``). Before ``super()``, which saves the session."""
        if (request.session.uid and request.httprequest.method not in ("GET", "HEAD", "OPTIONS")
                and getattr(threading.current_thread(), "cursor_mode", "rw") != "ro"):
            note_write()
        super()._post_dispatch(response)
