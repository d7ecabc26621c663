"""Glasshouse entry point: `python app.py` serves the web app; `python app.py --help` lists commands."""

import sys

from glasshouse.cli import main

if __name__ == "__main__":
    sys.exit(main())
