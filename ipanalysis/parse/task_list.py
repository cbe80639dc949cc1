"""One grammar for every year's task list, driven by structure markers, not line breaks.

The grammar reads the *compact* text (all whitespace removed, see
:class:`~ipanalysis.textnorm.Compact`), so a marker broken over lines or pages is still
a marker. Markers:

* sections ``一、``, work items ``(一)``, tasks ``N.`` (in sequence, at a boundary);
* actor paragraphs: labels ``国家知识产权局：`` ``各地区：`` ``有关省份：`` … and sentences
  opening with an actor and 要/应 (``各地要…``, ``有关省份要…``);
* assignment labels ``局内：`` ``省份：`` ``地市：`` ``涉及地方：``, whose extent is read
  against the department vocabulary (局内) or as ``…必做/…选做`` clauses (the others);
* completion phrases (vocabulary) right after an assignment, or after ``完成时间：``;
* the goal labels ``任务目标：`` (2018 work items) and ``工作目标：`` (earlier plans);
* responsibility clauses closing a task, ``（国家知识产权局、司法部负责）`` (推进计划), read
  as a list of bodies with their role words (``牵头`` ``参与`` ``会同``, role_words.csv).

Because the extent of every assignment comes from its own grammar, a department cell
interleaved with the measure text (2020 PDF) or a whole list on one line parses alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipanalysis.parse.layouts import Marked
from ipanalysis.parse.text import Compact, clean_text, fold, widen
from ipanalysis.parse.vocabulary import CN_NUMERALS, Vocabulary, cn_to_int

CN = f"[{CN_NUMERALS}]{{1,3}}"
SEPARATORS = "、，,；;/"
# separators of the bodies of a responsibility clause (a name is tried before 和 splits it)
BODY_SEPARATORS = "、，,；;/和及与"
OBLIGATION = re.compile(r"必做|选做|选作")
# a dated deadline inside measure text (3月底前, 年底前 …): not a completion column, not a target value
# Where a section, work item or task marker may start (previous compact char).
BOUNDARY_BEFORE = set("。；;！？!?：:>】」”)）|")
GENERIC_ACTOR = r"(?:有关|各)(?:[^\s：:。；，、（）()国]|[（(][^）)]{0,8}[)）]){0,6}?(?:省份|地市|地方|地区|城市|知识产权局|知识产权管理部门)"
# what may stand in a responsibility clause: no sentence end, one level of brackets (中央宣传部（国家版权局）)
RESP_BODY = r"(?:[^（）()。：:]|[（(][^（）()]{1,12}[)）]){1,200}?"
BRACKETED = re.compile(r"（[^（）]{1,12}）")
# stops an unreadable name after 局内： (局内：张三): a sentence or clause end
UNREAD_STOP = set("。；;，,：:（）()、")
UNREAD_MAX = 30


@dataclass
class Token:
    kind: str  # section group number label actor actor_s completion
    start: int  # compact offsets
    end: int
    value: str = ""
    number: int = 0
    items: list = field(default_factory=list)  # parsed assignment items


@dataclass
class Unit:
    """One unit of an assignment: a body in charge, or a scope with its obligation."""

    written: str  # as written (compact)
    lookup: str | None = None  # name to look up (an abbreviation completed: 初审流程部 → 专利局初审流程部)
    obligation: str | None = None  # 必做 / 选做 as written (clauses)
    role: str | None = None  # lead | participant where the text says so (牵头 / 参与 …)
    collective: bool = False  # 相关部门, 联席会议有关成员单位, 等部门 …
    unread: bool = False  # no name the grammar reads (局内：张三): kept as written, with a warning
    span: tuple[int, int] = (0, 0)  # compact offsets


@dataclass
class Assignment:
    label: str
    level: str
    text: str  # whole clause after the label, cleaned
    units: list[Unit]
    line: int
    explicit: bool = False  # the text says who leads or takes part (牵头 / 参与 / a 牵头部门： label)


@dataclass
class Measure:
    actor: str | None
    actor_level: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # original spans
    line: int = 0
    text: str = ""


@dataclass
class Task:
    task_no: int
    line: int
    section_no: int | None = None
    group_no: int | None = None
    title_spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    measures: list[Measure] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    completion_spans: list[tuple[int, int]] = field(default_factory=list)
    completion_raw: str | None = None
    completion: str | None = None


@dataclass
class Section:
    section_no: int
    line: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""


@dataclass
class Group:
    group_no: int
    section_no: int | None
    line: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    goal_spans: list[tuple[int, int]] = field(default_factory=list)
    title: str = ""
    goal: str = ""


@dataclass
class ParsedList:
    preamble_spans: list[tuple[int, int]] = field(default_factory=list)
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Lexer:
    """Finds the markers of a compact text, reading assignment extents as it goes."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        assign = "|".join(
            map(
                re.escape,
                vocab.labels_of("assignment")
                + vocab.labels_of("goal")
                + vocab.labels_of("completion")
                + vocab.labels_of("measures"),
            )
        )
        actors = "|".join(map(re.escape, vocab.labels_of("actor")))
        heads = "|".join(f"(?:{head})(?={follows})" for head, follows in vocab.actor_heads) or "(?!)"
        closing = vocab.labels_of("responsibility") + vocab.words_of("suffix")
        resp_words = "|".join(map(re.escape, sorted(closing, key=len, reverse=True))) or "(?!)"
        self.marker = re.compile(
            rf"(?P<resp>[（(](?P<resp_body>{RESP_BODY})(?P<resp_word>{resp_words})[)）])"
            rf"|(?P<label>(?P<label_name>{assign})[：:])"
            rf"|(?P<actor>(?P<actor_name>{actors}|{GENERIC_ACTOR})[：:])"
            rf"|(?P<actor_s>(?<=[。；;])(?P<actor_s_name>{heads}))"
            rf"|(?P<section>(?P<sec_n>{CN})、)"
            rf"|(?P<group>[（(](?P<grp_n>{CN})[)）])"
            rf"|(?P<number>(?<![0-9.．])(?P<num_n>\d{{1,3}})[.．、](?![0-9])|[（(](?P<num_p>\d{{1,3}})[)）])"
        )
        self.dept_names = vocab.department_names
        self.body_names = sorted(set(vocab.department_names) | set(vocab.central_bodies), key=len, reverse=True)
        self.completions = sorted(vocab.completions, key=len, reverse=True)
        self.unknown_dept = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{1,14}?(?:委员会|部门|中心|司|部|局|室|办|委|社)")
        self.collective = [re.compile(p.pattern) for p in vocab.collective]
        self.etc = [re.compile(p.pattern) for p in vocab.collective_suffix]
        # role words and the closing label, longest first: (word, kind, role)
        words = [(w, *vocab.role_words[w]) for w in vocab.role_words]
        words += [(w, "label", "") for w in vocab.labels_of("responsibility")]
        self.words = sorted(words, key=lambda x: len(x[0]), reverse=True)

    def lex(self, c: str) -> list[Token]:
        tokens: list[Token] = []
        pos = 0
        while True:
            m = self.marker.search(c, pos)
            if not m:
                break
            kind = m.lastgroup
            # lastgroup is the innermost named group that matched last; find the outer one
            for k in ("resp", "label", "actor", "actor_s", "section", "group", "number"):
                if m.group(k) is not None:
                    kind = k
                    break
            if kind == "resp":
                body = m.group("resp_body") + m.group("resp_word")
                tok = Token("resp", m.start(), m.end(), value=body)
                tok.items = self.bodies(body, m.start("resp_body"))
                tokens.append(tok)
                pos = m.end()
                pos = self.completion_token(c, pos, tokens)
                continue
            if kind == "label":
                name = m.group("label_name")
                label_kind, level = self.vocab.labels[name]
                tok = Token("label", m.start(), m.end(), value=name)
                end = m.end()
                if label_kind == "assignment":
                    if level == "bureau":
                        tok.items, end = self.departments(c, m.end())
                    else:
                        tok.items, end = self.clauses(c, m.end())
                    tok.end = end
                tokens.append(tok)
                pos = end
                if label_kind == "assignment":
                    pos = self.completion_token(c, pos, tokens)
                continue
            if kind == "actor":
                tokens.append(Token("actor", m.start(), m.end(), value=m.group("actor_name")))
            elif kind == "actor_s":
                tokens.append(Token("actor_s", m.start(), m.start(), value=m.group("actor_s_name")))
                pos = m.end()
                continue
            elif kind == "section":
                tokens.append(Token("section", m.start(), m.end(), number=cn_to_int(m.group("sec_n"))))
            elif kind == "group":
                tokens.append(Token("group", m.start(), m.end(), number=cn_to_int(m.group("grp_n"))))
            else:
                n = m.group("num_n") or m.group("num_p")
                tokens.append(Token("number", m.start(), m.end(), number=int(n)))
            pos = m.end()
        return tokens

    def completion_token(self, c: str, pos: int, tokens: list[Token]) -> int:
        """A completion phrase right after a responsibility list (a table's last cell): its token, and the position after it."""
        comp = self.completion_at(c, pos)
        if not comp:
            return pos
        tokens.append(Token("completion", pos, pos + len(comp), value=comp))
        return pos + len(comp)

    def completion_at(self, c: str, pos: int) -> str | None:
        for phrase in self.completions:
            if c.startswith(phrase, pos):
                return phrase
        return None

    def _collective_at(self, c: str, pos: int, patterns: list[re.Pattern[str]]) -> str | None:
        best = ""
        for p in patterns:
            m = p.match(c, pos)
            if m and len(m.group()) > len(best):
                best = m.group()
        return best or None

    def _dept_at(self, c: str, pos: int, prefix: str) -> tuple[str, str] | None:
        """(name as written, name to look up) of the department starting at ``pos``."""
        known = next((name for name in self.dept_names if c.startswith(name, pos)), None)
        coll = self._collective_at(c, pos, self.collective)
        if known and not (coll and len(coll) > len(known)):
            return known, known
        if coll:
            return coll, coll
        m = self.unknown_dept.match(c, pos)
        if m:
            written = m.group()
            chunk = self._chunk_at(c, pos, 14)  # 数据办公室, not 数据办: the name runs to its separator
            if len(chunk) > len(written) and self.unknown_dept.fullmatch(chunk):
                written = chunk
            if prefix and (prefix + written) in self.vocab.departments:
                return written, prefix + written
            return written, written
        return None

    def _word_at(self, c: str, pos: int, kinds: tuple[str, ...]) -> tuple[str, str, str] | None:
        """The role word (or closing label) of one of ``kinds`` starting at ``pos``."""
        for word, kind, role in self.words:
            if kind in kinds and c.startswith(word, pos):
                return word, kind, role
        return None

    def _chunk_at(self, c: str, pos: int, limit: int) -> str:
        """Text from ``pos`` to the next marker, completion phrase or separator (at most ``limit``)."""
        stop = self.marker.search(c, pos, pos + limit + 1)
        end = min(stop.start() if stop else len(c), pos + limit, len(c))
        for i in range(pos, end):
            if c[i] in UNREAD_STOP or self.completion_at(c, i):
                return c[pos:i]
        return c[pos:end]

    def _unread_at(self, c: str, pos: int) -> str | None:
        """Text after 局内： that is no department name the grammar knows (局内：张三).

        It runs to the next marker, completion phrase or clause punctuation (at most
        UNREAD_MAX characters), so that it is kept as its own unit, never glued onto
        the measure text.
        """
        chunk = self._chunk_at(c, pos, UNREAD_MAX)
        return chunk if chunk and not chunk.isdigit() else None

    def departments(self, c: str, pos: int) -> tuple[list[Unit], int]:
        """Read ``A、B，C`` department names; stop at the first thing that is not one.

        A role word after a run of names gives the run its role (``条法司牵头，相关部门参与``);
        ``等部门`` after a name is kept as a collective unit.
        """
        items: list[Unit] = []
        prefix = ""
        run = 0  # first unit the next role word applies to
        found = self._dept_at(c, pos, prefix)
        if not found:
            unread = self._unread_at(c, pos)
            if unread:
                items.append(Unit(unread, unread, unread=True, span=(pos, pos + len(unread))))
                pos += len(unread)
                if pos < len(c) and c[pos] in SEPARATORS:
                    nxt = self._dept_at(c, pos + 1, prefix)
                    if nxt and not self._starts_marker(c, pos + 1):
                        pos += 1
                        found = nxt
        while found:
            written, lookup = found
            items.append(
                Unit(written, lookup, collective=self.vocab.is_collective(written), span=(pos, pos + len(written)))
            )
            pos += len(written)
            m = re.match(r"^(\S+?局)", lookup)
            prefix = m.group(1) if m and lookup != m.group(1) else ""
            etc = self._collective_at(c, pos, self.etc)
            if etc:
                items.append(Unit(etc, etc, collective=True, span=(pos, pos + len(etc))))
                pos += len(etc)
            word = self._word_at(c, pos, ("suffix",)) if not self._starts_marker(c, pos) else None
            if word:
                for u in items[run:]:
                    u.role = word[2]
                run = len(items)
                pos += len(word[0])
            if pos < len(c) and c[pos] in SEPARATORS:
                nxt = self._dept_at(c, pos + 1, prefix)
                if nxt and not self._starts_marker(c, pos + 1):
                    pos += 1
                    found = nxt
                    continue
            break
        _fill_roles(items)
        return items, pos

    def bodies(self, text: str, offset: int = 0) -> list[Unit]:
        """The bodies of a responsibility clause (``国家知识产权局、司法部负责``) with their roles.

        Names are read longest first against the central bodies and the departments;
        ``等部门`` and collective names are flagged; a run of names followed by a role
        word (``牵头`` ``参与``) takes its role, ``A会同B`` makes A lead and B take part;
        qualifiers (``按职责分工``) and the closing ``负责`` carry no role. Anything else
        between separators is kept as written (resolved, or warned about, later).
        """
        units: list[Unit] = []
        pos, run, pending = 0, 0, None
        key = widen(text)  # names are written with full-width brackets in the data
        while pos < len(text):
            if text[pos] in BODY_SEPARATORS:
                pos += 1
                continue
            word = self._word_at(text, pos, ("suffix", "infix", "qualifier", "label"))
            if word:
                w, kind, role = word
                if kind == "suffix":
                    for u in units[run:]:
                        u.role = role
                    run = len(units)
                elif kind == "infix":
                    for u in units[run:]:
                        u.role = role
                    run = len(units)
                    pending = "participant" if role == "lead" else "lead"
                pos += len(w)
                continue
            etc = self._collective_at(text, pos, self.etc) if units else None
            name = next((n for n in self.body_names if key.startswith(n, pos)), None)
            coll = self._collective_at(key, pos, self.collective)
            if etc and not name:
                unit = Unit(etc, etc, collective=True)
            elif name and not (coll and len(coll) > len(name)):
                # a bracket right after a name is part of it: 中央网信办（国家网信办）
                extra = BRACKETED.match(key, pos + len(name))
                written = text[pos : extra.end() if extra else pos + len(name)]
                unit = Unit(written, widen(written) if extra and widen(written) in self.body_names else name)
            elif coll:
                unit = Unit(coll, coll, collective=True)
            else:
                end = pos
                while end < len(text) and text[end] not in BODY_SEPARATORS[:6]:
                    if end > pos and self._word_at(text, end, ("suffix", "infix", "qualifier", "label")):
                        break
                    end += 1
                unit = Unit(text[pos:end], text[pos:end], unread=True)
            unit.span = (offset + pos, offset + pos + len(unit.written))
            if pending:
                unit.role = pending
            units.append(unit)
            pos += len(unit.written)
        _fill_roles(units)
        return units

    def _starts_marker(self, c: str, pos: int) -> bool:
        m = self.marker.match(c, pos)
        return bool(m and (m.group("label") or m.group("actor")))

    def clauses(self, c: str, pos: int) -> tuple[list[Unit], int]:
        """Read ``scope必做；scope选做`` clauses; the extent ends after the last obligation."""
        items: list[Unit] = []
        start = pos
        while True:
            m = OBLIGATION.search(c, pos, pos + 80)
            stop = self.marker.search(c, pos)
            if not m or (stop and stop.start() < m.start() and stop.group("label")):
                break
            scope = c[pos : m.start()]
            if not scope or any(ch in scope for ch in "。：:"):
                break
            items.append(Unit(scope, None, obligation=m.group(), span=(pos, m.start())))
            pos = m.end()
            j = pos
            if j < len(c) and c[j] in "；;，,":
                nxt = OBLIGATION.search(c, j + 1, j + 81)
                stop2 = self.marker.search(c, j + 1)
                if (
                    nxt
                    and not (stop2 and stop2.start() < nxt.start())
                    and not any(ch in c[j + 1 : nxt.start()] for ch in "。：:")
                ):
                    pos = j + 1
                    continue
            if j < len(c) and c[j] in "。；;":
                pos = j + 1
            break
        if not items:
            # no 必做/选做: the clause runs to the next marker
            stop = self.marker.search(c, pos)
            end = stop.start() if stop else len(c)
            if end > start:
                items.append(Unit(c[start:end], None, span=(start, end)))
            return items, end
        return items, pos


def _fill_roles(units: list[Unit]) -> None:
    """Where the text gives some roles, the units it leaves without one get theirs from them.

    Nobody said to lead: the units without a role word are the ones in charge (lead);
    somebody said to lead: the others take part. Units of a text without any role word
    keep ``role=None`` (the first-named convention applies later).
    """
    if not any(u.role for u in units):
        return
    has_lead = any(u.role == "lead" for u in units)
    for u in units:
        if u.role is None:
            u.role = "participant" if has_lead else "lead"


def _at_boundary(c: str, i: int, prev_end: int, original: str, comp: Compact) -> bool:
    """A structure marker starts a line, follows punctuation or a consumed marker."""
    if i == 0 or i == prev_end:
        return True
    if c[i - 1] in BOUNDARY_BEFORE:
        return True
    o = comp.to_original(i)
    return o > 0 and original[o - 1].isspace()


def parse_task_list(marked: Marked, vocab: Vocabulary, expected: dict[str, int] | None = None) -> ParsedList:
    """Parse a task list's marked text into sections, work items and tasks.

    ``expected`` maps a table (tasks, sections, groups) to the count a catalog expects;
    a shorter document gets a warning that it looks cut off.
    """
    original = marked.text
    comp = Compact.of(original)
    c = comp.text
    tokens = Lexer(vocab).lex(c)
    out = ParsedList()
    resp_label = (vocab.labels_of("responsibility") or ["负责"])[0]

    # Pass 1: which structure markers are real (boundary + sequence).
    prev_end = 0
    last_number = 0
    accepted: list[Token] = []

    def glued_to_heading(t: Token) -> bool:
        """A marker right after a heading with nothing between them to end it.

        ``一、完善知识产权制度(一)完善…规章1.推进…`` (a page flattened onto one line): the
        work item (一) after a section heading, the next task number after a heading.
        """
        if not accepted or accepted[-1].kind not in ("section", "group"):
            return False
        between = c[accepted[-1].end : t.start]
        if not (0 < len(between) <= 60) or any(ch in between for ch in "。；;！？!?：:"):
            return False
        if t.kind == "number":
            return t.number == last_number + 1
        return t.kind == "group" and accepted[-1].kind == "section" and t.number == 1

    for t in tokens:
        if (
            t.kind in ("section", "group", "number")
            and not _at_boundary(c, t.start, prev_end, original, comp)
            and not glued_to_heading(t)
        ):
            continue
        accepted.append(t)
        prev_end = t.end
        if t.kind == "number" and t.number == last_number + 1:
            last_number = t.number
    # the list has 一、 sections: a 一、, or (its first numeral misprinted) several numerals opening lines
    line_sections = [
        t
        for t in accepted
        if t.kind == "section" and original[comp.to_original(t.start) - 1 : comp.to_original(t.start)] in ("\n", "")
    ]
    has_sections = any(t.kind == "section" and t.number == 1 for t in accepted) or len(line_sections) >= 2

    def zone_has_content(k: int) -> bool:
        for j in range(k + 1, len(accepted)):
            t = accepted[j]
            if t.kind in ("number", "section"):
                return False
            if t.kind in ("label", "actor", "actor_s", "completion", "resp"):
                return True
        return False

    def next_structural(k: int) -> Token | None:
        for j in range(k + 1, len(accepted)):
            if accepted[j].kind in ("number", "section", "group"):
                return accepted[j]
        return None

    def heading_out_of_sequence(k: int, t: Token) -> bool:
        """A section numeral out of sequence that still heads a section (三、 printed as 五、).

        It must skip forward by at most three, and what follows must be a short line
        without a sentence end, then the next task number or the first work item.
        """
        if not (has_sections and sec_expected < t.number <= sec_expected + 3):
            return False
        nxt = next_structural(k)
        if nxt is None or not (
            (nxt.kind == "number" and nxt.number == task_expected) or (nxt.kind == "group" and nxt.number == 1)
        ):
            return False
        between = c[t.end : nxt.start]
        return 0 < len(between) <= 60 and not any(ch in between for ch in "。；;") and not zone_has_content(k)

    sec_expected = 1
    group_expected = 1
    last_group = 0
    task_expected = 1
    zone = "preamble"
    cur_task: Task | None = None
    cur_group: Group | None = None
    cur_section: Section | None = None
    lost_numbering_warned = False
    text_start = 0

    def add_text(start: int, end: int) -> None:
        if end <= start:
            return
        span = comp.span(start, end)
        if zone == "preamble":
            out.preamble_spans.append(span)
        elif zone == "section" and cur_section:
            cur_section.spans.append(span)
        elif zone == "group" and cur_group:
            cur_group.spans.append(span)
        elif zone == "goal" and cur_group:
            cur_group.goal_spans.append(span)
        elif zone == "title" and cur_task:
            cur_task.title_spans.append(span)
        elif zone == "completion" and cur_task:
            cur_task.completion_spans.append(span)
        elif cur_task:
            if not cur_task.measures:
                cur_task.measures.append(Measure(None, vocab.actor_level(""), line=marked.line_at(span[0])))
            cur_task.measures[-1].spans.append(span)

    def close_title() -> None:
        nonlocal zone
        if cur_task is None or zone != "title":
            return
        title = clean_text("\n".join(original[a:b] for a, b in cur_task.title_spans))
        if "。" in title:
            # 2018 style: the title is the measure's first sentence; the paragraph is a measure
            cur_task.title = title.split("。", 1)[0]
            m = Measure(None, vocab.actor_level(""), list(cur_task.title_spans), line=cur_task.line)
            cur_task.measures.insert(0, m)
        else:
            cur_task.title = title
        zone = "measure"

    def as_written(units: list[Unit]) -> list[Unit]:
        """Units the grammar could not read as names keep the source wording (Data Office)."""
        for u in units:
            if u.unread:
                a, b = comp.span(*u.span)
                u.written = clean_text(original[a:b]) or u.written
        return units

    for k, t in enumerate(accepted):
        add_text(text_start, t.start)
        text_start = t.end
        line = marked.line_at(comp.to_original(t.start))
        if t.kind == "section":
            if t.number == sec_expected or heading_out_of_sequence(k, t):
                if t.number != sec_expected:
                    out.warnings.append(
                        f"line {line}: section numeral '{c[t.start : t.end]}' out of sequence "
                        f"(expected section {sec_expected}); read as section {sec_expected}"
                    )
                close_title()
                cur_section = Section(sec_expected, line)
                out.sections.append(cur_section)
                sec_expected += 1
                group_expected = 1
                cur_group = None
                zone = "section"
            else:
                text_start = t.start
        elif t.kind == "group" and not has_sections and t.number == sec_expected:
            # no 一、 sections in this list: its (一) headings are the sections
            close_title()
            cur_section = Section(t.number, line)
            out.sections.append(cur_section)
            sec_expected += 1
            zone = "section"
        elif t.kind == "group":
            # work items restart at (一) in every section, or run on across sections
            first_of_section = cur_group is None or cur_group.section_no != (cur_section and cur_section.section_no)
            if cur_section is not None and (
                t.number == group_expected or (first_of_section and last_group and t.number == last_group + 1)
            ):
                close_title()
                cur_group = Group(t.number, cur_section.section_no, line)
                out.groups.append(cur_group)
                group_expected = t.number + 1
                last_group = t.number
                zone = "group"
            else:
                text_start = t.start
        elif t.kind == "number":
            n = t.number
            nxt = next_structural(k)
            if not has_sections and not zone_has_content(k) and nxt is not None and nxt.kind == "number":
                close_title()
                if not lost_numbering_warned:
                    out.warnings.append(
                        f"line {line}: section headings carry no numerals of their own "
                        f"('{n}.' before a task); sections numbered by order"
                    )
                    lost_numbering_warned = True
                cur_section = Section(len(out.sections) + 1, line)
                out.sections.append(cur_section)
                zone = "section"
                continue
            is_task = False
            if n == task_expected:
                is_task = True
            elif task_expected < n <= task_expected + 5:
                missing = ", ".join(str(x) for x in range(task_expected, n))
                out.warnings.append(
                    f"line {line}: task number(s) {missing} missing (found {n} after {task_expected - 1})"
                )
                is_task = True
            elif (
                n < task_expected
                and zone_has_content(k)
                and original[comp.to_original(t.start) - 1 : comp.to_original(t.start)].isspace()
            ):
                out.warnings.append(f"line {line}: task number {n} repeated (expected {task_expected})")
                is_task = True
            if not is_task:
                text_start = t.start
                continue
            close_title()
            cur_task = Task(
                n,
                line,
                section_no=cur_section.section_no if cur_section else None,
                group_no=cur_group.group_no if cur_group else None,
            )
            out.tasks.append(cur_task)
            task_expected = max(task_expected, n + 1)
            zone = "title"
        elif t.kind in ("actor", "actor_s"):
            if cur_task is None:
                text_start = t.start
                continue
            close_title()
            actor = t.value
            cur_task.measures.append(Measure(actor, vocab.actor_level(actor), line=line))
            zone = "measure"
        elif t.kind == "resp":
            if cur_task is None or zone in ("section", "group", "goal"):
                text_start = t.start  # not closing a task: kept as text
                continue
            close_title()
            a, b = comp.span(t.start + 1, t.end - 1)
            units = as_written(t.items)
            explicit = any(u.role for u in units)
            cur_task.assignments.append(
                Assignment(resp_label, vocab.labels[resp_label][1], clean_text(original[a:b]), units, line, explicit)
            )
            zone = "measure"
        elif t.kind == "label":
            label_kind, level = vocab.labels[t.value]
            if label_kind == "goal":
                zone = "goal" if cur_group else zone
                continue
            if label_kind == "measures":
                if cur_task is not None and zone not in ("section", "group", "goal"):
                    close_title()
                    zone = "measure"
                continue
            if cur_task is None:
                out.warnings.append(f"line {line}: '{t.value}：' before any numbered task; kept in the preamble")
                text_start = t.start
                continue
            close_title()
            if label_kind == "completion":
                zone = "completion"
                continue
            raw_span = comp.span(t.start, t.end)
            text = clean_text(original[raw_span[0] : raw_span[1]])
            text = re.sub(rf"^{re.escape(t.value)}[：:]", "", text)
            units = as_written(t.items)
            label_role = vocab.label_roles.get(t.value)
            if label_role:
                for u in units:
                    u.role = u.role or label_role
            explicit = any(u.role for u in units)
            cur_task.assignments.append(Assignment(t.value, level, text, units, line, explicit))
            zone = "measure"
        elif t.kind == "completion":
            if cur_task is not None:
                cur_task.completion_spans.append(comp.span(t.start, t.end))
            zone = "measure"
    add_text(text_start, len(c))
    close_title()

    for s in out.sections:
        s.title = clean_text("\n".join(original[a:b] for a, b in s.spans))
    for g in out.groups:
        head = "\n".join(original[a:b] for a, b in g.spans)
        if g.goal_spans:
            g.title = clean_text(head)
            g.goal = clean_text("\n".join(original[a:b] for a, b in g.goal_spans))
        else:
            g.title, g.goal = _heading_and_goal(head)
    for task in out.tasks:
        for m in task.measures:
            m.text = clean_text("\n".join(original[a:b] for a, b in m.spans))
        task.measures = [m for m in task.measures if m.text or m.actor]
        if task.completion_spans:
            raw = " ".join(original[a:b] for a, b in task.completion_spans)
            task.completion_raw = clean_text(raw)
            task.completion = normalise_completion(raw, vocab)
    out.preamble = clean_text("\n".join(original[a:b] for a, b in out.preamble_spans))
    _check_tasks(out, vocab)
    n_sections = max(len(out.sections), len(marked.section_list))
    out.warnings += _check_counts(out, vocab, expected or {}, n_sections)
    return out


def _heading_and_goal(text: str) -> tuple[str, str]:
    """A work item heading without a goal label: its first line; what follows is its goal.

    ``（一）完善专利法规政策`` / ``强化专利立法前瞻性研究……体系。`` (pre-2018 plans). On one
    line, the heading ends at the first space before a sentence that ends in 。.
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1:
        return clean_text(lines[0]), clean_text("\n".join(lines[1:]))
    one = text.strip()
    m = re.match(r"(\S+)\s+(\S.*。.*)$", one, re.DOTALL)
    if m and "。" not in m.group(1):
        return clean_text(m.group(1)), clean_text(m.group(2))
    return clean_text(one), ""


def normalise_completion(raw: str, vocab: Vocabulary) -> str:
    """Completion time in its standard wording.

    Pieces of a completion cell split across pages are joined; where the join repeats a
    character (``年内有阶`` + ``阶段性成果``) and only the joined text without the
    repeat is a known phrase, the repeat is dropped. Unknown wording is kept as written.
    """
    pieces = [fold(p) for p in raw.split() if p.strip()]
    joined = "".join(pieces)
    if joined in vocab.completions:
        return joined
    out = pieces[0] if pieces else ""
    for p in pieces[1:]:
        if out and p and out[-1] == p[0] and (out + p[1:]) in vocab.completions:
            out += p[1:]
        else:
            out += p
    return out


BODY_LEVELS = ("bureau", "ministry")
# the last bracket of a task, or a label: the form its bodies in charge may be written in
_TRAILING_BRACKET = re.compile(r"[（(]([^（）()]{2,60})[)）][。.]?$")
_LABEL_FORM = re.compile(r"([\u4e00-\u9fff]{2,6})[：:]")


def _has_body(t: Task) -> bool:
    return any(a.level in BODY_LEVELS for a in t.assignments)


def _unread_form(out: ParsedList, vocab: Vocabulary) -> str | None:
    """The recurring form of the tasks' text the grammar did not read as bodies in charge.

    A bracket closing most tasks (``（…牵头）``) or a label opening a clause in most tasks
    (``责任单位：``); None when no form recurs.
    """
    counts: dict[str, int] = {}
    for t in out.tasks:
        texts = [t.title, *(m.text for m in t.measures)]
        forms = set()
        for text in texts:
            m = _TRAILING_BRACKET.search(text)
            if m:
                forms.add(f"（…{m.group(1)[-2:]}）")
            forms |= {f"{x}：" for x in _LABEL_FORM.findall(text) if x not in vocab.labels}
        for f in forms:
            counts[f] = counts.get(f, 0) + 1
    if not counts:
        return None
    form, n = max(sorted(counts.items()), key=lambda kv: kv[1])
    return f"'{form}' in {n} of {len(out.tasks)} tasks" if n * 2 >= len(out.tasks) else None


def _check_tasks(out: ParsedList, vocab: Vocabulary) -> None:
    any_completion = any(t.completion_raw for t in out.tasks)
    resp_form = sum(any(a.label in vocab.labels_of("responsibility") for a in t.assignments) for t in out.tasks)
    bureau_form = sum(any(a.level == "bureau" for a in t.assignments) for t in out.tasks)
    if len(out.tasks) > 1 and not any(_has_body(t) for t in out.tasks):
        # one warning for the whole document, naming the form the grammar does not read
        form = _unread_form(out, vocab)
        what = (
            f"their text has {form}, a form the grammar does not read" if form else "none is written in a form it reads"
        )
        out.warnings.append(
            f"no responsible body found in any of the {len(out.tasks)} tasks ({what}; it reads '局内：…' lines and "
            f"'（…负责）' clauses: add the label to labels.csv or the role word to role_words.csv)"
        )
    for t in out.tasks:
        if _has_body(t) or (len(out.tasks) > 1 and not any(_has_body(x) for x in out.tasks)):
            pass
        elif resp_form > bureau_form:
            out.warnings.append(f"line {t.line}: task {t.task_no} has no （…负责） clause naming the bodies in charge")
        else:
            out.warnings.append(f"line {t.line}: task {t.task_no} has no 局内 (department) line")
        if any_completion and not t.completion_raw:
            out.warnings.append(f"line {t.line}: task {t.task_no} has no completion time in this source")
        if not t.measures:
            out.warnings.append(f"line {t.line}: task {t.task_no} has no measure text (document truncated?)")
        for a in t.assignments:
            for u in a.units:
                if a.level not in BODY_LEVELS and u.obligation is None:
                    out.warnings.append(f"line {a.line}: task {t.task_no} '{a.label}：{u.written}' has no 必做/选做")
    out.warnings += _looks_cut(out)


SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?")


def _looks_cut(out: ParsedList) -> list[str]:
    """The last task lacks what the task before it and most others have: a cut-off document.

    Fields: measure text, a body in charge, a province (city, locality) clause, a
    completion time, and a measure text that ends its sentence. Where the task before the
    last lacks the field too (2019 attachment: no completion time in tasks 17–18), it is
    how the document is written, not where it was cut.
    """
    if len(out.tasks) < 2:
        return []
    last, before = out.tasks[-1], out.tasks[:-1]
    fields = {
        "measure text": lambda t: bool(t.measures),
        "responsible body": _has_body,
        "province clause": lambda t: any(a.level not in BODY_LEVELS for a in t.assignments),
        "completion time": lambda t: bool(t.completion_raw),
    }
    problems = [
        f"no {name}"
        for name, has in fields.items()
        if not has(last) and has(before[-1]) and 2 * sum(1 for t in before if has(t)) > len(before)
    ]
    ends = [m.text.rstrip().endswith(SENTENCE_END) for t in before for m in t.measures if m.text]
    if (
        last.measures
        and last.measures[-1].text
        and not last.measures[-1].text.rstrip().endswith(SENTENCE_END)
        and len(ends) >= 3
        and sum(ends) >= 0.9 * len(ends)
    ):
        problems.append("a last sentence that stops midway")
    if problems == ["no province clause"]:
        # alone, it may be how the last task is written: only where nearly every task has one
        has = fields["province clause"]
        if sum(1 for t in before if has(t)) < 0.8 * len(before):
            problems = []
    if out.sections and out.tasks and out.tasks[-1].section_no != out.sections[-1].section_no:
        n = out.sections[-1].section_no
        return [
            f"line {out.sections[-1].line}: the last section ({n}) has no task, unlike the sections before it: "
            "the document looks cut off (truncated?)"
        ]
    if not problems:
        return []
    return [
        f"line {last.line}: the last task ({last.task_no}) has {' and '.join(problems)}, unlike the tasks "
        f"before it: the document looks cut off (truncated?)"
    ]


def _stated_counts(preamble: str, vocab: Vocabulary) -> dict[str, tuple[int, str]]:
    """Counts a document states of itself (``部署118项重点任务``, ``围绕七个方面``): table → (n, words)."""
    out: dict[str, tuple[int, str]] = {}
    key = fold(preamble)
    for pattern, table in vocab.count_phrases:
        m = pattern.search(key)
        if m and table not in out:
            n = m.group("n")
            out[table] = (int(n) if n.isdigit() else cn_to_int(n), m.group())
    return out


def _check_counts(out: ParsedList, vocab: Vocabulary, expected: dict[str, int], n_sections: int) -> list[str]:
    """Found counts against the document's own count words and the catalog's expected counts."""
    found = {"tasks": len(out.tasks), "sections": n_sections, "groups": len(out.groups)}
    checks = [(t, n, f"the document states '{words}'") for t, (n, words) in _stated_counts(out.preamble, vocab).items()]
    checks += [(t, n, "the catalog expects it") for t, n in expected.items() if t in found]
    warnings = []
    for table, n, why in checks:
        if table not in found or found[table] == n:
            continue
        if found[table] < n:
            warnings.append(
                f"{found[table]} {table} found, {n} expected ({why}): the document looks cut off (truncated?)"
            )
        else:
            warnings.append(f"{found[table]} {table} found, {n} expected ({why})")
    return warnings
