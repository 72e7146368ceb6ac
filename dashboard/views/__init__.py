"""One module per view: overview, explorer, sources, document, table, upload."""
