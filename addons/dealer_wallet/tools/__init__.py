from .allocation import allocate_proportionally, autosplit
