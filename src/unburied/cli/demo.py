"""The demo: a synthetic operation end to end (see ``services.demo``)."""
