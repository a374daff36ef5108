"""Sub-commands of ``giamsat``, one module each; every module here registers itself on ``cli.app``."""
