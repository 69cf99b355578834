from . import res_company
from . import res_config_settings
from . import product_product
from . import sale_order
from . import sale_order_page
from . import sale_order_line
from . import res_partner
from . import dealer_store_application
