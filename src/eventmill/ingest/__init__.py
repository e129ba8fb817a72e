"""Getting articles in: batches that resume and survive bad input, HTML and WARC pages,
watched folders, feeds."""
