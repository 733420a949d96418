"""Device-agnostic audio ops on torch tensors shaped (channels, samples).

Every op takes audio (and its sample rate where it matters) and returns audio, so ops
compose; the same code runs on a GPU when the tensors live there.
"""
