from . import dealer_region_override_wizard
