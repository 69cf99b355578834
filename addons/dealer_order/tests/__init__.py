from . import test_access
from . import test_concurrency
from . import test_fulfillment
from . import test_presale
from . import test_review
from . import test_coexistence
from . import test_lock_order
from . import test_fapiao
