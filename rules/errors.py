"""Errors that name what was wrong and where."""

from __future__ import annotations


class RulePackError(ValueError):
    """A rule pack, list or organisation profile is invalid: names the file, the rule and the field."""

    def __init__(self, file: str, message: str, rule_id: str | None = None, field: str | None = None):
        self.file = file
        self.rule_id = rule_id
        self.field = field
        self.detail = message
        where = file
        if rule_id:
            where += f": rule {rule_id}"
        if field:
            where += f": field {field}"
        super().__init__(f"{where}: {message}")
