from . import promotion_engine
