"""Reading articles in and writing events out: readers, writers, exports."""
