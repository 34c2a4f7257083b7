"""Foundations every layer uses: errors, findings, project settings, locale knowledge."""
