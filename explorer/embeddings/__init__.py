"""Embedding-space maps: embed, project, neighbours."""
