from .expiry import EXPIRY_LEVELS, expiry_level, round_up_to_moq
