"""Stakeholder demos: specs, runners, feedback store."""
