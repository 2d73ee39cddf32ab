"""Launch the rnnviz window: python main.py [FILE] [options]."""

import sys

from rnnviz.gui.launch import main

if __name__ == "__main__":
    sys.exit(main())
