"""Emporium POS: the till (offline-first point of sale) for state handicraft and handloom emporiums."""

__version__ = "0.1.0"
