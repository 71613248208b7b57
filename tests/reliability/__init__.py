"""Reliability: concurrency, kills, crash points, disk full, damaged files, locks, hostile input."""
