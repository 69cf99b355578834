from . import test_catalog
from . import test_cart
from . import test_quick_order
from . import test_portal_pages
from . import test_wallet_pages
from . import test_campaign_pages
from . import test_downline
from . import test_tours
