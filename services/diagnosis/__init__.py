"""Diagnosis: the instrument, the respondents' answers and the scoring."""

SERVICE = "diagnosis"
