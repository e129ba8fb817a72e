"""Getting articles in: batch runs that resume, HTML and WARC pages, watched folders, feeds."""
