"""The desk's limits and timeouts, defined once: the defaults of `newsmt serve` and of create_app."""

MAX_BODY_BYTES = 1 << 20  # 413 above
MAX_QUEUED_SENTENCES = 2000  # all requests together; 503 above (the request per request share: half of it, 413)
REQUEST_TIMEOUT_S = 120  # parsing, queue and translation of one request; 504 after
# Connections: a client has HEADER_TIMEOUT_S for its request line and headers (from the connection's opening or the
# previous answer) and BODY_TIMEOUT_S for its body (from the end of its headers), then gets 408 and the connection
# is closed; a connection idle after an answer is closed after KEEP_ALIVE_S.
HEADER_TIMEOUT_S = 10
BODY_TIMEOUT_S = 30
KEEP_ALIVE_S = 5
