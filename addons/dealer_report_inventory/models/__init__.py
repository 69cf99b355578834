from . import dealer_channel_analysis
from . import dealer_near_expiry_stock
from . import dealer_sales_analysis
from . import spreadsheet_dashboard
