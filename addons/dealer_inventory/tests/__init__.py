from . import test_tools
from . import test_channel_stock
from . import test_report
from . import test_import
from . import test_expiry
from . import test_replenishment
from . import test_access
from . import test_coexistence
