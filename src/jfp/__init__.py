"""jfp: check NHS Joint Forward Plans against the law and NHS England's guidance.

``jfp.check(path, ...)`` is the Python API (``jfp.api``, docs/api.md); it returns a
``jfp.models.Report`` and raises the ``jfp.errors`` exceptions re-exported here. The
``jfp`` command is ``jfp.cli``.
"""

from jfp.errors import DocumentError, JfpError, UsageError

__version__ = "0.1.0"

# The name to install (``pip install jfp-nhs``): "jfp" on the package index is an unrelated
# tool (a Jar file patcher with its own ``jfp`` command). The command and the import stay ``jfp``.
DISTRIBUTION = "jfp-nhs"
PROJECT_URL = "https://github.com/jfp-developers/jfp"
INFORMATION_URI = PROJECT_URL

__all__ = ["DocumentError", "JfpError", "UsageError", "check", "__version__"]


def __getattr__(name: str):
    # Lazy (PEP 562): `import jfp` for the version or the command line must not load the
    # engine, pydantic and the runner; they load on the first `jfp.check`.
    if name == "check":
        from jfp.api import check

        return check
    raise AttributeError(f"module 'jfp' has no attribute {name!r}")
