"""`python -m proxy_addon.deploy ...`: the same as `bedenktijd deploy ...`."""

import sys

from proxy_addon.deploy.cli import main

sys.exit(main())
