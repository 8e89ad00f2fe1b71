"""How much a reader accepts before it refuses a file, all in one place.

A real 绩效目标表 is a few hundred rows; the limits sit far above that and
only stop files that would exhaust memory: a zip bomb, a sheet with a stray
cell at XFD1048576 (the xlsx library allocates the whole rectangle up to the
last cell, so such a sheet must be refused before it is opened), a
multi-gigabyte export.
"""

#: Largest input file, and largest sum of uncompressed member sizes in an xlsx/docx zip.
MAX_BYTES = 200 * 1024 * 1024
#: Largest uncompressed ÷ compressed size of a zip, and of any member above MIN_RATIO_CHECK_BYTES.
MAX_COMPRESSION_RATIO = 200
#: Members smaller than this are not held to the ratio (tiny XML parts compress oddly).
MIN_RATIO_CHECK_BYTES = 1024 * 1024
#: Most rows in one sheet (counting blank rows up to the last one) or one csv/text file.
MAX_ROWS = 200_000
#: Most cells in the rectangle from A1 to a sheet's last row and column.
MAX_CELLS = 5_000_000
#: Most grid columns a Word table row is expanded to (Word itself allows 63).
MAX_WORD_COLUMNS = 63
#: Most worksheets read from one workbook.
MAX_SHEETS = 500
#: The last column and row a spreadsheet can have (XFD, 1,048,576): a reference beyond is damage.
MAX_COLUMN_LETTERS = 3
MAX_ROW_DIGITS = 7
#: Memory a reader run in a child process may take above its parent's, and how long it may take.
CHILD_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
CHILD_SECONDS = 120
#: Most cells in one row of a text or csv file (Excel's last column is the 16,384th).
MAX_ROW_CELLS = 16_384
#: Most pages read from one PDF (a whole 部门预算 document is a few hundred).
MAX_PDF_PAGES = 2_000
#: Most ruling-line segments taken from one PDF page (a map or a chart drawn in vectors has more; it is no table).
MAX_PDF_SEGMENTS = 50_000
