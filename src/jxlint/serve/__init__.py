"""``jxlint serve``: a local web page where people drop workbooks and see on the table what is wrong.

``app`` is the ASGI application (starlette), ``pool`` the worker processes that
lint uploads under a time limit, ``work`` what a worker does with one upload,
``view`` the page's data for one file (the table as a grid, findings placed on
its cells), ``static`` the page itself (one HTML, one CSS, one JS file).
"""
