"""jfp: check NHS Joint Forward Plans against the law and NHS England's guidance."""

__version__ = "0.1.0"
