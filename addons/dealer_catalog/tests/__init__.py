from . import test_tools
from . import test_front_category
from . import test_product_pool
from . import test_pricelist_rule
from . import test_moq_rule
from . import test_sale_order
from . import test_access
from . import test_performance
