"""Bedenktijd's rule engine: rule packs, the organisation overlay, normalisation, detectors, evaluation."""

__version__ = "0.1.0"
