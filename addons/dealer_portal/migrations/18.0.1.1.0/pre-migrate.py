"""The crowdfunding pages of the mall moved to the bridge module
dealer_portal_crowdfunding (dealer_portal × dealer_crowdfunding): install it in the
same upgrade where dealer_crowdfunding is installed, so dealers keep their pages."""

BRIDGE = "dealer_portal_crowdfunding"


def migrate(cr, version):
    cr.execute("SELECT state FROM ir_module_module WHERE name = 'dealer_crowdfunding'")
    row = cr.fetchone()
    if row and row[0] in ("installed", "to upgrade"):
        cr.execute("UPDATE ir_module_module SET state = 'to install' WHERE name = %s AND state = 'uninstalled'",
                   [BRIDGE])
