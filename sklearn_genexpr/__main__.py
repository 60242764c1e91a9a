"""``python -m sklearn_genexpr``: the ``genexpr`` command."""

import sys

from .cli import main

sys.exit(main())
