"""Benchmarks: the app's speed as the network uses it, against the stack's own limit.

``make bench`` runs ``python -m bench``; see docs/benchmarks.md. Nothing here is
imported by the app itself: the benchmark server runs with ``bench.settings``, which
adds the reference page and nothing else.
"""
