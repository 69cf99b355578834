from . import portal
from . import catalog
from . import cart
from . import quick_order
from . import wallet
from . import presale
from . import downline
from . import store_application
