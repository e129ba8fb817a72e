"""Text handling before and beside coding: sentence splitting, the prefilter, tone."""
