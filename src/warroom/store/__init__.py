"""Storage in one SQLite file through sqlite-utils: no Textual here."""
