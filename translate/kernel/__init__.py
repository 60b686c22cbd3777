"""The kernel: the document types every layer passes around, the errors a user can act on, and reading
text. It imports nothing from the rest of newsmt."""
