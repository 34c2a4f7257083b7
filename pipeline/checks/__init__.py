"""Catalogs and outputs -> findings, and findings -> what is published."""
