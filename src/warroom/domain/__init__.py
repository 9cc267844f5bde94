"""The crisis practice as pure Python: no Textual, no SQL.

Everything here takes the time from an argument or an injected clock, so it is
deterministic under test.
"""
