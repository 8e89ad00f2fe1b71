"""Python checks, one module per category; importing this package registers them all."""

from jxlint.check.functions import arithmetic, assessment, budget, dates, read, structure, text, units, value  # noqa: F401
