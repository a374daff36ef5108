"""Linking across reports: places to official unit codes (``places``), bodies to keys
qualified by their place (``bodies``), officials to person keys (``people``), and the
listings of ``giamsat people`` / ``giamsat places`` (``catalog``)."""
