"""The test corpus of old plan documents: sources, renderers and expected results.

See tests/data/legacy/README.md.
"""
