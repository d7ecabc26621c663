"""Glasshouse shared core: configuration, database, users and roles, model registry, CLI.

Kept deliberately small; each product area (catalog, explorer, demos, cards) owns its own logic.
"""

__version__ = "0.1.0"
