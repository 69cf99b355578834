"""Splitting long work into chunks (see ``dealer.job.mixin``)."""

DEFAULT_CHUNK_SIZE = 50
MAX_CHUNK_SIZE = 10000


def split_ids(ids, size=DEFAULT_CHUNK_SIZE):
    """``ids`` (any iterable of record ids) as a list of lists of at most ``size`` ids.

    Duplicates are dropped and the order of first appearance kept, so a chunk is the
    same list of ids every time the same work is split (its job identity is stable).
    """
    if not isinstance(size, int) or isinstance(size, bool) or not 0 < size <= MAX_CHUNK_SIZE:
        raise ValueError("chunk size must be an integer from 1 to %s, not %r" % (MAX_CHUNK_SIZE, size))
    unique = list(dict.fromkeys(ids))
    return [unique[start:start + size] for start in range(0, len(unique), size)]
