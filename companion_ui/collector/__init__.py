"""The organisation-wide collector: report upload API and the compliance dashboard (Flask + waitress)."""

from companion_ui.collector.app import create_collector_app
from companion_ui.collector.config import CollectorConfig

__all__ = ["CollectorConfig", "create_collector_app"]
