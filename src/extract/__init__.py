"""giamsat: Vietnamese supervision reports → grounded, validated records.

The import package is ``extract``; the command is ``giamsat``.
"""

__version__ = "0.1.0"
