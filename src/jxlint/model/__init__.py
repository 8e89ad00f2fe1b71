"""Stage 3 of the pipeline: the table model (pydantic) built from the cells a reader found."""
