"""The kernel: typed documents, errors, text I/O and story formats; imports nothing above it."""
