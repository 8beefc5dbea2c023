"""The versioned JSON routes and the web pages, one module per area."""
