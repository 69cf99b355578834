from . import test_chinese_amount
from . import test_network
from . import test_region_authorization
from . import test_cross_region_guard
from . import test_access
from . import test_coexistence
from . import test_number
from . import test_locking
