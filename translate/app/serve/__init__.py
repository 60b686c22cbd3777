"""`newsmt serve`: the newsroom desk — a JSON API, a web page for editors, one model shared by all requests."""
