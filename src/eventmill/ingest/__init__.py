"""Getting articles into the store: coding batches that survive bad input."""
