from . import formatting
from . import promotion_engine
