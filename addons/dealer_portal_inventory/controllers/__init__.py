from . import inventory
