"""jfp: check NHS Joint Forward Plans against the law and NHS England's guidance.

``jfp.check`` is the Python API (docs/api.md); the ``jfp`` command is ``jfp.cli``.
"""

__version__ = "0.1.0"

# The name to install (``pip install jfp-nhs``): "jfp" on the package index is an unrelated
# tool. The command and the import stay ``jfp``.
DISTRIBUTION = "jfp-nhs"
PROJECT_URL = "https://github.com/jfp-developers/jfp"
INFORMATION_URI = PROJECT_URL
