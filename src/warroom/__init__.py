"""Warroom: a terminal console for customer success managers working a crisis."""

__version__ = "0.1.0"
