"""The local SQLite store (sqlite-utils): events without post text, feedback, settings."""
