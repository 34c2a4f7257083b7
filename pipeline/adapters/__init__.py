"""The outside world shared by several stages: pandoc and the file system."""
