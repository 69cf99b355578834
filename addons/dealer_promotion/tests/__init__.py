from . import test_promotion_engine
from . import test_promotion_order
from . import test_promotion_config
from . import test_promotion_access
from . import test_promotion_performance
from . import test_promotion_concurrency
from . import test_promotion_tour
from . import test_coexistence
