"""Core has nothing of its own to generate, and says so here rather than being reported as forgotten.

Its tables are the audit log, rate-limit windows and e-mail claims. Rate-limit windows and e-mail claims are
transient (purged as time passes) and no page reads them. The audit log records acts of authority: its entries are
written by the generators of the apps whose acts they are (`moderation.py` writes one per report and decision), as
the services write them, so that each entry speaks of a row that exists.
"""

PRODUCES = ()


def generate(ctx) -> None:
    """Nothing: see the module's docstring."""
