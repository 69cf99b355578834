from . import dealer_replenishment
