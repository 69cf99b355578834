def number_text(value):
    """A quantity or rate as people write it: 10 not 10.0, 2.5 not 2.50."""
    return f"{value:g}"
