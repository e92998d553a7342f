"""Allow ``python -m jfp``."""
from jfp.cli import main

main()
