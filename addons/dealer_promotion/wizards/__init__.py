from . import dealer_promotion_copy
from . import dealer_promotion_preview
from . import dealer_promotion_preview_line
