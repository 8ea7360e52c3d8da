"""``python -m framelens``: the same command line as ``framelens``."""
from framelens.cli import main

if __name__ == "__main__":
    main()
