"""Runs op graphs: `Engine` schedules ready nodes (generate nodes batched per tool, DSP in
parallel) on an `Executor`, with a content-addressed clip cache, a stem memo and models
loaded under a per-device memory budget.

Submodules are imported where they are used, so importing this package stays light.
"""
