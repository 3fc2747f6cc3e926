"""`python -m tui` runs the same command line as the `facts` script."""

from tui.cli import main

raise SystemExit(main())
