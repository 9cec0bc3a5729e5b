"""`python -m pipeline` is the `press` command."""
import sys

from .cli import main

sys.exit(main())
