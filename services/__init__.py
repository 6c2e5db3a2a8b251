"""Nianlun's three services; SERVICES names them once for the launcher, the harnesses and the tests."""

SERVICES = ("registration", "diagnosis", "reporting")
