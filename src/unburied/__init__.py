"""unburied: independent review of historic cases on a tamper-evident event log."""

__all__ = ["__version__"]

__version__ = "0.1.0"
