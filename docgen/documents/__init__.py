"""One module per document type: the context it gives its template, and its template's name."""
