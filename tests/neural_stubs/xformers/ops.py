"""Names audiocraft imports from xformers.ops; calling them is a test failure."""


def memory_efficient_attention(*args, **kwargs):
    raise RuntimeError("xformers stub: memory_efficient_attention is not available")


class LowerTriangularMask:
    pass
