"""Stage 4 of the pipeline: rules, declared in YAML packs, run on the table model."""
