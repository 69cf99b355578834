from . import test_channel_journeys, test_suite_installed
from . import test_coexistence
from . import test_ordinary_order_cost
from . import test_portal_rpc_surface
from . import test_readonly_routes
