"""Grammar of a work guide (工作指引): parts ``一、``, items ``(一)``, ``(…负责)`` markers.

Item numbers either continue across parts (2019: part 三 starts at (四)) or restart at
(一); both are read as the sequence allows. A notice (``关于印发《…》的通知``) before
the guide gives its title, issuer and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipanalysis.parse.marked import Marked
from ipanalysis.parse.notice import NOTICE_LINE, read_head, stated_year
from ipanalysis.parse.task_list.checks import SENTENCE_END
from ipanalysis.parse.text import Compact, clean_text
from ipanalysis.parse.vocabulary import CN_NUMERALS, cn_to_int

CN = f"[{CN_NUMERALS}]{{1,3}}"
MARKER = re.compile(
    rf"(?P<part>(?P<part_n>{CN})、)"
    rf"|(?P<item>[（(](?P<item_n>{CN})[)）])"
    r"|(?P<resp>[（(](?P<who>[^（）()]+?)负责[)）])"  # any length: it runs to the next bracket
)
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass
class GuideItem:
    part_no: int
    item_no: int
    line: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    responsible: list[tuple[str, int]] = field(default_factory=list)  # (as written, line)
    text: str = ""
    title: str = ""


@dataclass
class GuidePart:
    part_no: int
    line: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""


@dataclass
class ParsedGuide:
    title: str = ""
    issuer: str | None = None
    date: str | None = None
    preamble: str = ""
    doc_number: str | None = None
    stated_year: int | None = None
    parts: list[GuidePart] = field(default_factory=list)
    items: list[GuideItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def parse_guide(marked: Marked) -> ParsedGuide:
    """Parse a work guide's marked text."""
    original = marked.text
    comp = Compact.of(original)
    c = comp.text
    out = ParsedGuide()
    pre: list[tuple[int, int]] = []
    part_expected, item_expected = 1, 1
    cur_part: GuidePart | None = None
    cur_item: GuideItem | None = None
    pos = 0
    text_start = 0

    def add(start: int, end: int) -> None:
        if end <= start:
            return
        span = comp.span(start, end)
        if cur_item is not None:
            cur_item.spans.append(span)
        elif cur_part is not None:
            cur_part.spans.append(span)
        else:
            pre.append(span)

    while True:
        m = MARKER.search(c, pos)
        if not m:
            break
        o = comp.to_original(m.start())
        at_boundary = m.start() == 0 or c[m.start() - 1] in "。；：:" or (o > 0 and original[o - 1].isspace())
        line = marked.line_at(o)
        if m.group("resp"):
            add(text_start, m.start())
            text_start = pos = m.end()
            if cur_item is not None:
                for who in re.split(r"[、，,]", m.group("who")):
                    cur_item.responsible.append((who, line))
            else:
                out.warnings.append(f"line {line}: '{m.group()}' outside any item; kept in the text")
                add(m.start(), m.end())
            continue
        if m.group("part") and at_boundary and cn_to_int(m.group("part_n")) == part_expected:
            add(text_start, m.start())
            cur_item = None
            cur_part = GuidePart(part_expected, line)
            out.parts.append(cur_part)
            part_expected += 1
            text_start = pos = m.end()
            continue
        if m.group("item") and at_boundary and cur_part is not None:
            n = cn_to_int(m.group("item_n"))
            if n == item_expected or (n == 1 and cur_item is not None and cur_item.part_no != cur_part.part_no):
                add(text_start, m.start())
                cur_item = GuideItem(cur_part.part_no, n, line)
                out.items.append(cur_item)
                item_expected = n + 1
                text_start = pos = m.end()
                continue
            if n == 1 and cur_item is None:
                add(text_start, m.start())
                cur_item = GuideItem(cur_part.part_no, n, line)
                out.items.append(cur_item)
                item_expected = 2
                text_start = pos = m.end()
                continue
        pos = m.end()
    add(text_start, len(c))

    for p in out.parts:
        p.title = clean_text("\n".join(original[a:b] for a, b in p.spans))
    for it in out.items:
        it.text = clean_text("\n".join(original[a:b] for a, b in it.spans))
        it.title = re.split(r"[。；]", it.text, maxsplit=1)[0]
    _preamble(out, "\n".join(original[a:b] for a, b in pre))
    out.warnings += looks_cut(out)
    return out


def looks_cut(guide: ParsedGuide) -> list[str]:
    """The last part has no item, or the last item stops midway, unlike the ones before: a guide cut off."""
    if len(guide.parts) > 1 and guide.items:
        last_part, with_items = guide.parts[-1], {it.part_no for it in guide.items}
        if last_part.part_no not in with_items and all(p.part_no in with_items for p in guide.parts[:-1]):
            return [
                f"line {last_part.line}: the last part ({last_part.part_no}) has no item, unlike the parts "
                "before it: the document looks cut off (truncated?)"
            ]
    if not guide.items:
        return []
    last, ends = guide.items[-1], [it.text.endswith(SENTENCE_END) for it in guide.items[:-1]]
    if last.text.endswith(SENTENCE_END) or sum(ends) < 0.9 * len(ends):
        return []
    unlike = ", unlike the items before it" if ends else ""
    return [
        f"line {last.line}: the last item ({last.item_no}, part {last.part_no}) stops midway "
        f"(…'{last.text[-20:]}'){unlike}: the document looks cut off (truncated?)"
    ]


def _preamble(out: ParsedGuide, text: str) -> None:
    """Title, issuer and date from the notice; the notice and introduction as preamble."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    title = ""
    for ln in lines:
        m = NOTICE_LINE.match(ln)
        if m:
            title = m.group("title")
            issuer = ln[: m.start("title")].split("关于印发")[0].strip()
            out.issuer = issuer or None
            break
    head = read_head(text)
    # The guide's own title line (its name without the notice) follows the notice.
    own = [ln for ln in lines if title and clean_text(ln) == clean_text(title)]
    if own or title:
        out.title = clean_text(own[0] if own else title)
        d = DATE.search(text)
        if d:
            out.date = f"{int(d.group(1)):04d}-{int(d.group(2)):02d}-{int(d.group(3)):02d}"
    else:  # no notice line: the page is flattened or broken anywhere; read the running text
        out.title = head.title or clean_text(lines[0] if lines else "")
        out.date = head.date
    out.preamble = clean_text("\n".join(lines))
    out.doc_number = head.doc_number
    out.issuer = out.issuer or head.issuer
    out.stated_year = stated_year(out.title) or head.stated_year
