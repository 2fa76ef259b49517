"""facilitator: run learning networks of Norwegian municipalities from the terminal."""
__version__ = "0.1.0"
