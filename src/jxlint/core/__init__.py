"""What every stage shares, below all of them: where something is (``location``) and what a rule found (``finding``).

The readers make Locations, the model and the rules carry them, the rules make
Findings and the reports print them; this package imports no other part of jxlint.
"""
