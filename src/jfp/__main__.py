"""The ``jfp`` command's entry point (the console script and ``python -m jfp``).

Kept free of heavy imports: ``jfp.prefetch`` starts reading a PDF named on the command
line before typer, pydantic and the models are loaded.
"""
from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point."""
    from jfp import prefetch

    prefetch.start(sys.argv[1:])
    try:
        from jfp.cli import main as run

        run()
    finally:
        prefetch.finish()


if __name__ == "__main__":
    main()
