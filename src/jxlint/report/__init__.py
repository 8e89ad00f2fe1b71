"""Stage 5 of the pipeline: the Report, and its renderings for people (text, show) and programs (JSON, SARIF, JUnit, GitHub, an annotated workbook)."""
