"""Bias probes on models: one module per probe behind a registry."""
