"""Stage 1 of the pipeline: read a file into rows of located cells, knowing nothing of rules."""
