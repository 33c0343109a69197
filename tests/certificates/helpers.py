"""Helpers of the certificates tests, imported from here (a conftest holds fixtures only)."""

from datetime import date

TODAY = date(2026, 11, 23)
