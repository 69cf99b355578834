from .moq import moq_violation, rules_may_overlap
