from . import dealer_inventory_import
