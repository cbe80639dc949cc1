"""The grammar of a document's head: a notice (通知) before it, its title line and its year.

A web page or file may open with chrome, then a notice (``X关于印发《T》的通知``, its
文号 such as ``国知发管字〔2016〕2号``, an addressee list, the notice text, the issuer and
the date), then the document's own title line and an introduction. This module reads
title, issuer, date, 文号 and the stated year from that head; what it does not use stays
in the preamble.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipanalysis.parse.text import clean_text, fold, width_fold
from ipanalysis.parse.vocabulary import Vocabulary

# the notice line: issuer (optional) 关于印发《title》的通知
NOTICE_LINE = re.compile(r"^\s*(?P<issuer>\S{0,60}?)关于印发\s*《(?P<title>[^《》]+?)》\s*的通知\s*$")
# the same inside running text (a page flattened onto one line or broken anywhere)
NOTICE_ANY = re.compile(r"关于印发《(?P<title>[^《》]{2,80}?)》的通知")
# 文号: issuer code, year in 〔〕 (or another bracket), serial number, 号
DOC_NUMBER = re.compile(r"(?P<code>[\u4e00-\u9fff]{2,12})\s*[〔\[(【]\s*(?:19|20)\d{2}\s*[〕\])】]\s*\d{1,4}\s*号")
DATE_LINE = re.compile(r"^\s*(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*$")
DATE_ANY = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
# the signature in running text: …实施。国家知识产权局（…代章）2016年1月6日
SIGNED = re.compile(
    r"[。！]\s*(?:特此通知[。！]?)?(?P<issuer>[^。；;：:，,！!（）()\d]{2,40}?)(?:[（(][^（）()]{2,30}代章[)）])?"
    r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
)
# a seal line under the issuer: (国家知识产权局代章)
SEAL = re.compile(r"^\s*[(（][^()（）]{2,30}代章[)）]\s*$")
# a qualifier in brackets that is part of a title: （试行） （征求意见稿） （2024年版） （2023年修订）
TITLE_QUALIFIER = (
    r"[（(](?:试行|暂行|草案|[^（）()。，,：:]{0,8}(?:征求意见|送审|讨论|修订|代拟)稿|修订版?"
    r"|(?:19|20)\d{2}\s*年?\s*(?:版|修订版?))[)）]"
)
# the title of a yearly document: YYYY年…清单 / 计划 / 指引 … (a date such as 2021年12月27日 is none),
# with its qualifiers
TITLE = re.compile(
    r"(?:19|20)\d{2}\s*年(?!\s*\d{1,2}\s*月)[^。：:|<>\n ]{2,40}?(?:任务清单|推进计划|工作指引|工作要点|实施计划|计划|清单)"
    rf"(?:\s*{TITLE_QUALIFIER})*"
)
YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")
YEAR_IN_BRACKETS = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*[)）]")


@dataclass
class Head:
    """What the head of a document says of it."""

    title: str = ""
    title_line: str | None = None  # the line the title was read from (removed from the preamble)
    issuer: str | None = None
    date: str | None = None  # YYYY-MM-DD
    doc_number: str | None = None
    notice: str | None = None  # the notice line, where there is one
    stated_year: int | None = None


def _date(m: re.Match[str]) -> str:
    return f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"


def stated_year(title: str) -> int | None:
    """The year a title states: ``2025年…``, ``…工作指引（2023）``; a date (2021年12月27日) is none."""
    key = width_fold(title)
    m = YEAR.search(key) or YEAR_IN_BRACKETS.search(key)
    return int(m.group(1)) if m else None


def _signature(lines: list[str], date_index: int) -> str | None:
    """The issuer signing a notice: the line above its date (above a seal line, if any)."""
    j = date_index - 1
    while j >= 0 and SEAL.match(lines[j]):
        j -= 1
    if j < 0:
        return None
    name = clean_text(lines[j])
    if 2 <= len(name) <= 40 and not re.search(r"[。，,；;：:！!]", name):
        return name
    return None


def _doc_number(text: str) -> str | None:
    """The 文号 of a notice; in running text its code starts after 通知 / 。 / 》 (…的通知国知发管字〔2016〕2号)."""
    m = DOC_NUMBER.search(width_fold(text))
    if not m:
        return None
    code = re.split(r"通知|[。》]", m.group("code"))[-1]
    return clean_text(code + m.group()[len(m.group("code")) :]) if len(code) >= 2 else None


def read_head(text: str, vocab: Vocabulary | None = None) -> Head:
    """Title, issuer, date, 文号 and stated year of the text before a document's first marker.

    Lines are used where the page keeps them (the notice line gives its issuer, the
    document's own title line its title); running text (a page flattened onto one line or
    broken anywhere) is read too: the notice inside it, the signature before the date.
    """
    lines = [ln for ln in text.splitlines() if ln.strip()]
    flat = re.sub(r"\s+", "", width_fold(text))
    head = Head()
    notice_at = -1
    for i, ln in enumerate(lines):
        m = NOTICE_LINE.match(width_fold(ln))
        if m:
            notice_at = i
            head.notice = clean_text(ln)
            head.title = clean_text(m.group("title").strip())
            head.issuer = clean_text(m.group("issuer")) or None
            break
    flat_notice = NOTICE_ANY.search(flat)
    if notice_at < 0 and flat_notice:
        head.notice = flat_notice.group()
        head.title = clean_text(flat_notice.group("title"))
    if head.notice:
        # the document's own title line after the notice (the last one: a web page repeats the notice)
        own = [ln for ln in lines[notice_at + 1 :] if fold(ln.strip("《》 \t")) == fold(head.title)]
        if own:
            head.title_line = own[-1]
            head.title = clean_text(own[-1].strip().strip("《》"))
        rest = lines[max(notice_at, 0) :]
        for i, ln in enumerate(rest):
            d = DATE_LINE.match(width_fold(ln))
            if d:
                head.date = _date(d)
                head.issuer = head.issuer or _signature(rest, i)
                break
        if head.date is None:
            start = flat_notice.end() if flat_notice else 0
            signed = SIGNED.search(flat, start)
            if signed:
                head.date = _date(signed)
                head.issuer = head.issuer or clean_text(signed.group("issuer"))
            else:
                d = DATE_ANY.search(flat, start)
                head.date = _date(d) if d else None
    else:
        for ln in lines:
            m = TITLE.search(clean_text(ln))
            if m:
                head.title, head.title_line = clean_text(m.group()), ln
                break
        if not head.title:
            m = TITLE.search(clean_text(text))
            head.title = clean_text(m.group()) if m else ""
        if not head.title and vocab is not None:
            for ln in lines:
                if len(clean_text(ln)) <= 60 and vocab.document_kind(ln):
                    head.title, head.title_line = clean_text(ln).strip("《》"), ln
                    break
    head.doc_number = _doc_number(flat)
    head.stated_year = stated_year(head.title)
    if head.stated_year is None and head.date:
        head.stated_year = int(head.date[:4])  # a title without a year: the year of its notice
    return head
