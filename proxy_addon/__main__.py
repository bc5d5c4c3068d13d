"""`python -m proxy_addon`: run the proxy (the same as `bedenktijd proxy`)."""

import sys

from proxy_addon.cli import main

sys.exit(main())
