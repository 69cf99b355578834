from . import dealer_sales_analysis
from . import sale_order
from . import sale_report
