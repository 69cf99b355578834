from .moq import format_qty, moq_violation, rules_may_overlap
