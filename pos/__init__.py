"""Emporium POS: the offline-first till for state handicraft and handloom emporiums."""

__version__ = "0.1.0"
