"""The companion: the extension's local backend, the employee's pages, and compliance statistics."""
