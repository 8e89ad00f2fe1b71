"""Stage 2 of the pipeline: parse an indicator value ("≥95%", "2025年12月底前", "较好") into a typed Value, its units through pint."""
