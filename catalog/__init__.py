"""Catalog of language resources: schema, licences, lineage, store, import/export."""
