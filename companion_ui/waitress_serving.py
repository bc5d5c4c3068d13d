"""What the companion's and the collector's waitress servers share: quiet logging and a clean stop."""

from __future__ import annotations

import logging
import threading
from typing import Any

from waitress import wasyncore


def quiet_waitress() -> None:
    """Keep waitress's own logging to real problems; no access log (it would print paths and queries)."""
    logging.getLogger("waitress").setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


def close_sockets(server: Any) -> None:
    """Close the listening socket and every connection; the loop ends when its map is empty."""
    for dispatcher in list(server._map.values()):
        if dispatcher is server.trigger:
            dispatcher.del_channel()
        elif dispatcher is server:
            wasyncore.dispatcher.close(server)  # not server.close(), which would close the trigger too
        else:
            dispatcher.close()


def stop_serving(server: Any, thread: threading.Thread, timeout: float) -> None:
    """Stop a server running in `thread`: close sockets from its own loop, then join its threads."""
    # Closing sockets from another thread races the select loop, so the loop closes them itself.
    server.trigger.pull_trigger(lambda: close_sockets(server))
    thread.join(timeout)
    server.task_dispatcher.shutdown(timeout=timeout)
    # The wake-up pipe is closed last: worker threads finishing a response still pull it.
    server.trigger.close()
