"""`python -m companion_ui`: run the companion."""

import sys

from companion_ui.cli import main

sys.exit(main())
