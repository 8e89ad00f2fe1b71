"""Stage 5 of the pipeline: render a Report for people (text) or programs (json)."""
