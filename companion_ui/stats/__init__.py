"""Compliance statistics without Flask: weekly reports, the upload queue, and the k-anonymous query layer."""
