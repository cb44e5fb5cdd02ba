"""Benchmarks that run the real bot against a fake Slack and print their figures."""
