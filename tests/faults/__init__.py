"""Fault tests: each case of issue 12 as a small generated input."""
