"""Deployment harnesses that pytest does not collect: `make compose-test` runs compose_test.py."""
