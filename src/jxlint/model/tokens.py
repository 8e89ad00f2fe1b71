"""A table as one stream of classified cells, for tables whose lines are not rows.

Published tables reach us as text in shapes that keep no row structure: one
cell per line (a web table copied out), cells glued into one paragraph with no
separator, a PDF's text with cells out of order. :func:`tokens_of` turns a
Grid into a stream of :class:`Token` s, and :mod:`jxlint.model.reflow`
rebuilds the rows from the form's own words.

1. **Cut.** A text line is cut at tabs and pipes (a run of pipes after the last
   cell ends a row, a line of one pipe is an empty cell), else at white space;
   a piece of one or two characters that names nothing is the tail of a word
   the line broke ("合同完成 率"). A long piece that holds several words of the
   form ("项目名称宗教管理经费资金情况(万元)资金总额:30…") is cut at those words,
   a header at every column word, and a row of glued figures at its figures.
   A workbook's or document's cells are taken as they are.
2. **Join.** Neighbouring pieces that together make a word of the form are
   joined: a header word wrapped over two lines ("一级" "指标", "年初" "预算数"),
   spaced out ("绩 效 指 标"), or followed by its unit ("项目资金" "(万元)").
3. **Classify.** Each token knows what its text names: a field key, a funding
   or grid column, a 一级/二级 word, a section, a title, a value, or nothing
   (text); the reflow decides between several by where the token stands.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache, partial

from jxlint.core.location import Location
from jxlint.model.vocab import headers, labels, normalise, strip_annotations
from jxlint.read.grid import Cell, Grid
from jxlint.values.parse import parse_value

EMPTY, TEXT, VALUE, WORD, TITLE, ALLOCATION, NOTE = "empty", "text", "value", "word", "title", "allocation", "note"

_DASHES = re.compile(r"[-—–―/\\、·．.…]+|无|空")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
# An annotation standing alone: a weight "(50分)", "(0-20)分", a page number "-1-".
_NOTE = re.compile(r"[（(]\s*[\d.\-—~～]+\s*分?\s*[）)]\s*分?|-\s*\d+\s*-|第\s*\d+\s*页.*")
# Quoted or bracketed names in running text, inside which no word of the form is cut.
_QUOTED = re.compile(r"《[^》]*》|“[^”]*”|〔[^〕]*〕")
# Page chrome of published pages: print and close links, share widgets, QR prompts.
_CHROME = re.compile(r"^(?:【?打印(?:本页|此页)?】?|【?关闭(?:窗口|本页)?】?|扫一扫.*|分享到.*|当前位置.*|首页\s*>.*|查看更多|"
                     r"发布时间[:：].*|发布者[:：].*|浏览次数.*|字号[:：].*|来源[:：]{1,2}\s*$)")
# A line that only states the plan year: "( 2019 年度)", "(2022 年度)".
_YEAR_LINE = re.compile(r"[（(]?\s*(?:19|20)\d{2}\s*年度?\s*[）)]?")
# A statement of the money unit: "单位:万元", "金额单位：元".
_UNIT_STATEMENT = re.compile(r"(?:金额|资金|货币)?单位\s*[:：]\s*(?:人民币)?\s*(?:万元|元|千元|亿元)")
_LONG_PIECE = 24
_SHORT_TAIL = 2
_MAX_JOIN = 5
_WRAPPED = 6


@dataclass(slots=True)
class Token:
    """One cell of the stream: its text, where it stands, and what its text may name."""

    text: str
    cell: Cell
    line: int
    kind: str
    field: str | None = None
    column: str | None = None
    funding: str | None = None
    section: bool = False
    level1: str | None = None
    level2: str | None = None
    group: bool = False
    row_end: bool = False
    line_start: bool = False

    @property
    def is_label(self) -> bool:
        """True when the text is a 一级 or 二级 word."""
        return self.level1 is not None or self.level2 is not None

    def located(self, text: str | None = None) -> Cell:
        """A Cell with this token's text (or ``text``) at this token's place."""
        return self.cell.with_text(self.text if text is None else text)


def tokens_of(grid: Grid) -> list[Token]:
    """The tokens of a Grid in reading order, cut, joined and classified."""
    pieces: list[Token] = []
    if grid.lines is not None:
        for number, raw in enumerate(grid.lines, 1):
            if _spaced_empty_cell(grid.lines, number - 1):
                raw = "\u00a0"
            stripped = raw.strip()
            if stripped.startswith("||") and not stripped.strip("|").strip():
                # A line of pipes only ends the row before it (a web table's empty cells).
                if pieces:
                    pieces[-1].row_end = True
                continue
            pieces.extend(_line_tokens(raw, number, grid.path))
    else:
        for number, row in enumerate(grid.rows, 1):
            first = True
            for cell in row.cells:
                token = _token(cell.text.strip(), cell, number)
                token.line_start, first = first, False
                pieces.append(token)
            if pieces:
                pieces[-1].row_end = True
    return _joined(pieces)


# ---------------------------------------------------------------- cutting


def _spaced_empty_cell(lines: list[str], index: int) -> bool:
    """True when line ``index`` holds only spaces and sits between two empty lines.

    In a table of one cell a paragraph, a converter that turned &nbsp; into a
    space leaves such a line where the cell was empty.
    """
    line = lines[index].rstrip("\r\n")
    if not line or line.strip(" \t"):
        return False
    return 0 < index < len(lines) - 1 and not lines[index - 1].rstrip("\r\n") and not lines[index + 1].rstrip("\r\n")


def _line_tokens(raw: str, number: int, path: str) -> list[Token]:
    """The tokens of one text line."""
    line = raw.rstrip("\r\n")
    locate = partial(Location, path, number, None, None, None)
    stripped = line.strip()
    if not stripped:
        # A line of no-break spaces is an empty cell (a web table's &nbsp;); a blank line separates cells.
        return [Token("", Cell("", None, "", locate, 1), number, EMPTY, line_start=True)] if "\u00a0" in line else []
    if _CHROME.match(stripped):
        return []
    if title_kind(stripped) or _YEAR_LINE.fullmatch(stripped):
        return [_token(stripped, Cell(stripped, None, "", locate, 1), number, line_start=True)]
    cells: list[str]
    row_end = False
    strong = "\t" in line or "|" in line
    if "\t" in line:
        cells = line.split("\t")
    elif "|" in line:
        if not stripped.strip("|").strip():
            # A line of pipes only: one is an empty cell, a run ends the row.
            return [Token("", Cell("", None, "", locate, 1), number, EMPTY, line_start=True)] if stripped.count("|") == 1 else \
                [Token("", Cell("", None, "", locate, 1), number, EMPTY, row_end=True, line_start=True)]
        body = stripped[1:] if stripped.startswith("|") and stripped.count("|") > 1 else stripped
        parts = body.split("|")
        # The text after the last pipe is a cell only when it holds text;
        # pipes after the last filled cell end the row.
        last_filled = max((i for i, p in enumerate(parts) if p.strip()), default=-1)
        row_end = any(not p.strip() for p in parts[last_filled + 1:-1]) or (last_filled < len(parts) - 2)
        cells = parts[:last_filled + 1]
    else:
        cells = [line]
    tokens: list[Token] = []
    for cell_text in cells:
        text = cell_text.strip()
        if not text:
            if strong:
                tokens.append(Token("", Cell("", None, "", locate, len(tokens) + 1), number, EMPTY))
            continue
        pieces = [text] if strong else _cut_spaces(text)
        for piece in pieces:
            for part in _cut_glued(piece):
                tokens.append(_token(part, Cell(part, None, "", locate, len(tokens) + 1), number))
    if tokens:
        tokens[0].line_start = True
        tokens[-1].row_end = tokens[-1].row_end or row_end
    return tokens


def _cut_spaces(text: str) -> list[str]:
    """The pieces of a line between white space, a short nameless tail joined back to its word.

    A tail is joined only to a piece that names nothing, and not when it
    begins a word with the piece after it ("年度" "指标值").
    """
    raw = [piece for piece in _SPACES.split(text) if piece]
    for index in range(len(raw) - 1, 0, -1):
        if _YEAR_LINE.fullmatch(raw[index - 1] + raw[index]):
            raw[index - 1:index + 1] = [raw[index - 1] + raw[index]]  # "(2022" "年度)": the year of the plan
    pieces: list[str] = []
    for index, piece in enumerate(raw):
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if (pieces and len(piece) <= _SHORT_TAIL and _is_cjk(piece[0]) and _is_cjk(pieces[-1][-1])
                and not _names_anything(piece) and not _names_anything(pieces[-1])
                and not looks_like_value(pieces[-1]) and not (following and _names_anything(piece + following))):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _cut_glued(text: str) -> list[str]:
    """A long piece cut at the words of the form it holds, when it holds more than one.

    A title (…绩效目标表, …分配表) is cut whole, from the last sentence break or
    "附件N" before it; the form's words inside a title do not cut it.
    """
    if title_kind(text) or _UNIT_STATEMENT.fullmatch(text):
        return [text]
    plain = text.translate(_FOLD)
    lead = _LEADING_LABEL.match(plain)
    if lead and _names_anything(plain[:lead.end(1)]) and lead.end() < len(text):
        # A category word or key opening a line of prose ("数量指标:…", "服务对象满意度指标,…").
        return [text[:lead.end()].strip(), *_cut_glued(text[lead.end():].strip())]
    if len(text) < _LONG_PIECE:
        return [text]
    titles = [(_title_start(plain, m.start()), m.end()) for m in _title_words().finditer(plain)]
    quoted = _Spans([(m.start() + 1, m.end()) for m in _QUOTED.finditer(plain)])  # strictly inside the quotes
    in_title = _Spans(titles)
    hits = [m for m in _form_words().finditer(plain) if not quoted.hold(m.start()) and not in_title.hold(m.start())]
    # Several distinct words of the form: a glued table. A sentence (with a full stop)
    # naming two of them (…下达的中央绩效目标…确保年度绩效目标如期实现。) is prose.
    distinct = len({m.group(0) for m in hits}) + len(titles)
    if distinct < 2 or (distinct < 3 and "。" in plain):
        return [text]
    cuts = sorted([(a, b) for a, b in titles] + [(_with_lead(plain, m.start()), m.end()) for m in hits]
                  + [(m.start(), m.end()) for m in _SECTION_WITH_UNIT.finditer(plain)]
                  + [(m.start(), m.end()) for m in _GROUP_BEFORE_HEADER.finditer(plain)])
    if titles:
        # Prose before the first title (a covering notice glued to its table) stays whole.
        cuts = [(a, b) for a, b in cuts if a >= titles[0][0]]
    parts: list[str] = []
    position = 0
    for start, end in cuts:
        if start < position:
            continue
        if start > position:
            parts.append(text[position:start])
        note = _ANNOTATION.match(plain, end)
        if note:
            end = note.end()
        parts.append(text[start:end])
        position = end
    if position < len(text):
        parts.append(text[position:])
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        amount = _LEADING_AMOUNT.match(part)
        if amount and amount.end() < len(part):
            out.extend([part[:amount.end()], part[amount.end():].strip()])
        else:
            out.extend(_split_columns(part))
    return [p for p in out if p]


# A section label holding the money unit ("资金情况(万元)"): cut, so that the unit is seen.
_SECTION_WITH_UNIT = re.compile(r"(?:资金情况|项目资金|资金来源|年度预算安排|预算安排)\s*\(\s*(?:单位[:：]\s*)?(?:万元|元)\s*\)")


# A word wrapping the grid just before its first column word ("…安全。绩效指标一级指标…").
_GROUP_BEFORE_HEADER = re.compile(r"(?:绩效指标|当年绩效指标|年度绩效指标)(?=一级指标|一级)")


def _with_lead(text: str, start: int) -> int:
    """A key's start moved back over the "其中:" that leads it ("其中:财政拨款")."""
    for lead in ("其中:", "其中"):
        if text.startswith(lead, start - len(lead)):
            return start - len(lead)
    return start


# An amount with its unit at the start of a piece, glued to the text after it ("38.75万元2022年…").
_LEADING_AMOUNT = re.compile(r"^\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%)(?=[^\s)）])")
_LEADING_LABEL = re.compile(r"^([^\s:：,，;；。]{2,12}?)\s*[:：,，]")
# A sentence break, an attachment's number ("附件2", also glued to a year: "附件22024年…"), an enumeration.
_TITLE_BREAK = re.compile(r"[。，,；;:：!！?？]|附件\s*(?:\d(?=(?:19|20)\d\d年)|\d*)|\d+\s*[.、](?!\d)")


def _title_start(text: str, end_of_word: int) -> int:
    """Where a title ending at a title word starts: after the last sentence break or 附件N before it."""
    start = max(0, end_of_word - 60)
    last = start
    for match in _TITLE_BREAK.finditer(text, start, end_of_word):
        last = match.end()
    return last


@lru_cache(maxsize=1)
def _title_words() -> re.Pattern[str]:
    words = [w.translate(_FOLD) for w in (*headers().titles, *headers().allocation_titles)]
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})表?(?:\s*\(\s*\d{{4}}\s*年度?\s*\))?")


# Full-width forms folded one for one to half-width, so that offsets in the folded text are offsets in the original.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x00A0: 0x20}


class _Spans:
    """Spans [start, end) of a text, asked whether one holds a position in logarithmic time (a long
    line has thousands of words to ask about, and as many spans)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif start < end:
                merged.append([start, end])
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def hold(self, at: int) -> bool:
        """True when a span holds ``at``."""
        index = bisect.bisect_right(self.starts, at) - 1
        return index >= 0 and at < self.ends[index]


# A bracketed note right after a word of the form: a unit, a letter, a weight.
_ANNOTATION = re.compile(r"\s*[（(](?:[^（()）]{0,12})[）)]\s*分?|\s*[*＊★]|\s*[：:]")

@lru_cache(maxsize=1)
def _form_words() -> re.Pattern[str]:
    """Every spelling of a field key, column, section, category word and title word, longest first.

    Only words of four characters or more, and three-character words ending
    in 指标, cut a glued text: shorter words (单位, 分值, 成本) occur inside
    indicator names and sentences.
    """
    vocabulary = headers()
    sections = {w for w in vocabulary.spellings if _header_word(w) in vocabulary.section_labels | vocabulary.grid_groups}
    label_words = {w for w in labels().spellings
                   if w.endswith(("指标", "目标", "满意度")) or (labels().level1_of(w) and len(w) >= 4)}
    words = set()
    for word in [*(set(vocabulary.spellings) - sections), *label_words]:
        for form in (word, strip_annotations(word)):
            form = form.translate(_FOLD)
            if len(form) >= 4 or (len(form) == 3 and form.endswith("指标")):
                words.add(form)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _header_word(word: str) -> str:
    return normalise(strip_annotations(word)).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=1)
def _column_words() -> re.Pattern[str]:
    """Every spelling of a grid or funding column, for cutting a header glued word to word (分值指标值(A))."""
    words = {w.translate(_FOLD) for w in headers().spellings
             if (roles := headers().exact_roles(w)).column or roles.funding}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternatives})(?:\s*\([^()]{{0,8}}\))?\*?")


def _split_columns(piece: str) -> list[str]:
    """A piece made wholly of column words cut into them ("分值指标值(A)" → 分值 | 指标值(A)); else the piece."""
    plain = piece.translate(_FOLD)
    parts, position = [], 0
    pattern = _column_words()
    while position < len(plain):
        match = pattern.match(plain, position)
        if not match or match.end() == position:
            return [piece]
        parts.append(piece[position:match.end()])
        position = match.end()
    return parts if len(parts) > 1 else [piece]


# ---------------------------------------------------------------- joining


def _joined(tokens: list[Token]) -> list[Token]:
    """Neighbouring fragments joined where together they make a word of the form.

    At most one of the fragments may name something alone: "一级" "指标" and
    "年初" "预算数" are joined, "执行率" "得分" (two columns) are not.
    """
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        best = 0
        if _joinable(token) and token.kind != NOTE and token.text[:1] not in "(（":
            text = token.text
            naming = int(_names_anything(token.text))
            for ahead in range(1, _MAX_JOIN):
                if index + ahead >= len(tokens):
                    break
                following = tokens[index + ahead]
                if not _joinable(following) or tokens[index + ahead - 1].row_end:
                    break
                if following.line != token.line and max(len(token.text), len(following.text)) > _WRAPPED:
                    break  # across lines only the pieces of a wrapped word: 一级 / 指标, 年初 / 预算数
                naming += int(_names_anything(following.text))
                if naming > 1:
                    break
                text += following.text
                if _names_anything(text):
                    best = ahead
        if best:
            parts = tokens[index:index + best + 1]
            text = "".join(p.text for p in parts)
            joined = _token(text, token.cell.with_text(text), token.line, token.line_start)
            joined.row_end = parts[-1].row_end
            out.append(joined)
            index += best + 1
        else:
            out.append(token)
            index += 1
    return out


def _joinable(token: Token) -> bool:
    """A short piece that may be part of a word: text, a word, a note, or a word-like value (全年)."""
    if len(token.text) > 10:
        return False
    if token.kind in (TEXT, WORD, NOTE):
        return True
    return token.kind == VALUE and len(token.text) <= 3 and not any(c.isdigit() for c in token.text)


def _names_anything(text: str) -> bool:
    return bool(_roles(text))


@lru_cache(maxsize=4096)
def _roles(text: str) -> frozenset[str]:
    """The kinds of word a text is: field, column, funding, section, group, level1, level2, title."""
    if not text or len(text) > 40:
        return frozenset()
    vocabulary = headers()
    roles = vocabulary.exact_roles(text)
    kinds = set()
    if roles.field:
        kinds.add("field")
    if roles.column:
        kinds.add("column")
    if roles.funding:
        kinds.add("funding")
    if roles.section:
        kinds.add("section")
    if vocabulary.is_grid_group(text):
        kinds.add("group")
    if labels().level1_of(text):
        kinds.add("level1")
    if labels().level2_of(text):
        kinds.add("level2")
    if title_kind(text):
        kinds.add("title")
    return frozenset(kinds)


# ---------------------------------------------------------------- classifying


def _token(text: str, cell: Cell, line: int, line_start: bool = False) -> Token:
    """A token with its kind and roles worked out from its text."""
    text = text.strip()
    if not text or _DASHES.fullmatch(text):
        return Token(text, cell, line, EMPTY, line_start=line_start)
    if _NOTE.fullmatch(text) or _UNIT_STATEMENT.fullmatch(text):
        return Token(text, cell, line, NOTE, line_start=line_start)
    kind = title_kind(text)
    if kind:
        return Token(text, cell, line, kind, line_start=line_start)
    vocabulary = headers()
    roles = vocabulary.roles_of_row([text])[0]
    level1 = labels().level1_of(text)
    level2 = labels().level2_of(text)
    group = vocabulary.is_grid_group(text)
    if roles.field or roles.column or roles.funding or roles.section or level1 or level2 or group:
        return Token(text, cell, line, WORD, roles.field, roles.column, roles.funding, roles.section, level1,
                     level2[0] if level2 else None, group, line_start=line_start)
    return Token(text, cell, line, VALUE if looks_like_value(text) else TEXT, line_start=line_start)


# What may follow a title word: the year "(2019年度)", a note "(修改)", "(含转移支付项目)".
_TITLE_TAIL = re.compile(r"\s*[（(][^（()）]{1,20}[）)]\s*$")


@lru_cache(maxsize=1)
def _title_ends() -> re.Pattern[str]:
    """The last characters of the title words (表, 标, …): a text holding none of them is no title."""
    vocabulary = headers()
    ends = {re.escape(word[-1]) for word in (*vocabulary.titles, *vocabulary.allocation_titles)}
    return re.compile(f"[{''.join(sorted(ends))}]")


@lru_cache(maxsize=4096)
def title_kind(text: str) -> str | None:
    """TITLE for a table title (…绩效目标表), ALLOCATION for an allocation table's (…分配表), else None."""
    if len(text) > 80 or len(text) < 4 or _title_ends().search(text) is None:
        return None
    bare = _TITLE_TAIL.sub("", normalise(text).replace("（", "(").replace("）", ")"))
    bare = bare.rstrip(")")
    vocabulary = headers()
    if bare.endswith(vocabulary.allocation_titles):
        return ALLOCATION
    if bare.endswith(vocabulary.titles) and not bare.startswith(("附件:", "附件：")) and "。" not in bare:
        # A section label of the form (项目绩效目标) is no table's title.
        return None if vocabulary.exact_roles(bare).section else TITLE
    return None


@lru_cache(maxsize=4096)
def looks_like_value(text: str) -> bool:
    """True when a cell reads as an indicator value: a figure, a date, a grade, a range."""
    if len(text) > 40:
        return False
    value = parse_value(text)
    if value.kind == "quantity":
        return value.subject is None
    return value.kind in {"date", "grade", "list", "range", "placeholder", "formula"}


def folded(text: str) -> str:
    """A text with white space removed, for comparing cells."""
    return _SPACES.sub("", normalise(text))


@lru_cache(maxsize=1)
def _long_column_words() -> tuple[tuple[str, str], ...]:
    """Grid column words of four characters or more, with their roles, longest first."""
    pairs = {(strip_annotations(w), headers().exact_roles(w).column) for w in headers().spellings}
    return tuple(sorted(((w, r) for w, r in pairs if r and len(w) >= 4), key=lambda p: -len(p[0])))


def garbled_column(text: str) -> str | None:
    """The grid column word a short cell stands for when its characters are that word's, scrambled
    or with a character or two more (OCR of a column's header: "年成值全完值" holds 全年完成值)."""
    if not 4 <= len(text) <= 8 or not all(_is_cjk(c) for c in text):
        return None
    for word, _ in _long_column_words():
        if len(text) <= len(word) + 2 and not _missing(word, text):
            return word
    return None


def _missing(word: str, text: str) -> bool:
    """True when ``text`` lacks one of ``word``'s characters (counting repeats)."""
    pool = list(text)
    for char in word:
        if char not in pool:
            return True
        pool.remove(char)
    return False
