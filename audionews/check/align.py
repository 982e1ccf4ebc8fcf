"""What was heard against what the article says, sentence by sentence, and which sentences to flag.

Three texts meet here, all through the check's own canonicalizer (``canon``): the article's
words (a segment's ``source_text``; its ``text`` for the intro and outro), the spoken form the
voice was given (``text``), and the recognizer's transcript of the published audio. The
written words of the whole episode are aligned with the heard words in one pass (so a sentence
that runs into the next, or a recognizer that drops a line, cannot shift the rest), and each
written sentence's share of the alignment is scored:

- a stretch where the spoken form differs from the written words and the audio says the spoken
  form, not the written one, is a line the script changed: strong evidence (a bad lexicon entry,
  a wrong expansion, a dropped unit, a skipped clause);
- any other disagreement is weighed by how likely it is to be the recognizer's own noise: common
  short words weigh little, words the script reads by rule (numbers, capitals, abbreviations)
  and names weigh more, a word heard with low probability weighs less, and a heard word that
  sounds like the written one weighs less still.

A sentence whose score reaches ``Weights.threshold`` is flagged. rapidfuzz (the check extra)
does the alignments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Script
from .canon import Token, sounds, tokens

# Words the recognizer drops, adds or swaps often, whose loss rarely changes what a line says.
STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been has have had "
    "it its that this these those there their they he she his her him we our you your i me my "
    "not no so if then than do does did will would can could should may might must said says "
    "up out about into over after before also just one".split()
)


# Capitalized, but not names: a recognizer mishearing them is no pronunciation to fix.
NOT_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


@dataclass(frozen=True)
class Weights:
    """The check's knobs (tuned on bench/check.py's tuning articles, never on the held-out ones)."""

    threshold: float = 1.0  # a sentence scoring this much is flagged
    changed_heard: float = 3.0  # the audio says the script's change, not the article's words
    stopword: float = 0.3  # a common short word
    attention: float = 2.0  # a word read by rule (digits, capitals, abbreviations) or a name
    cue: float = 0.2  # a cue the script adds ("Section:"), not the article's words
    similar_floor: float = 0.15  # a heard word that sounds like the written one still weighs this
    same_sound: float = 0.75  # sound similarity at which a respelling is "the same words" as written
    heard_spoken: float = 0.6  # ... at which the heard words are the script's spoken ones
    margin: float = 0.1  # ... and by how much closer to them than to the written ones
    deletion: float = 0.7  # a written word not heard at all (the recognizer drops words)
    others: float = 0.5  # a sentence's other stretches count this much beside its worst


@dataclass(frozen=True)
class HeardWord:
    """One word of the recognizer's transcript: its text as written, time, probability."""

    text: str
    start: float
    end: float
    probability: float = 1.0

    def to_list(self) -> list[object]:
        return [self.text, round(self.start, 2), round(self.end, 2), round(self.probability, 3)]

    @classmethod
    def from_list(cls, data: list[object]) -> HeardWord:
        text, start, end, probability = data
        return cls(str(text), float(start), float(end), float(probability))  # type: ignore[arg-type]


@dataclass
class Region:
    """One stretch where the heard words differ from the written ones."""

    written: list[int]  # indexes into the sentence's written tokens (may be empty: a heard insertion)
    heard: list[int]  # indexes into the episode's heard tokens
    spoken: list[int]  # indexes into the segment's spoken tokens that stand for ``written``
    score: float = 0.0
    reason: str = ""  # "script": the audio says what the script changed; "heard": the recognizer differs
    detail: str = ""  # written -> spoken -> heard keys, for tuning


@dataclass
class SentenceCheck:
    """One written sentence: its texts, where it is, what differs, and its score."""

    index: int
    segment: int
    role: str
    written: str
    spoken: str
    heard: str
    start: float  # seconds into the audio
    score: float = 0.0
    regions: list[Region] = field(default_factory=list)
    written_marks: list[tuple[int, int]] = field(default_factory=list)  # spans in ``written``
    spoken_marks: list[tuple[int, int]] = field(default_factory=list)
    heard_marks: list[tuple[int, int]] = field(default_factory=list)
    words: int = 0  # written words (for rates per word)
    flagged: bool = False
    suggestion: str = ""  # a lexicon.toml entry, when the fix looks like a pronunciation
    suspects: list[str] = field(default_factory=list)  # written words of its worst stretches, the script's changes first

    def to_dict(self) -> dict[str, object]:
        return {
            "index": self.index, "segment": self.segment, "role": self.role, "start": round(self.start, 2),
            "score": round(self.score, 3), "flagged": self.flagged, "written": self.written,
            "spoken": self.spoken, "heard": self.heard, "written_marks": self.written_marks,
            "spoken_marks": self.spoken_marks, "heard_marks": self.heard_marks,
            "reasons": sorted({r.reason for r in self.regions if r.score > 0}), "suggestion": self.suggestion,
        }  # fmt: skip


# --- written sentences --------------------------------------------------------------------

_NO_BREAK = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Prof|Jr|Sr|Mt|Ft|No|vs|etc|Inc|Corp|Co|"
    r"Ltd|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Blvd|Rd|Dept|[A-Z])\.)$"
)
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of written text, as character spans. Not the synthesizer's splitter: this
    one reads the article's own punctuation ("U.S.", "Sen.", "Oct.")."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.start()].rstrip("\"'”’)]")
        if _NO_BREAK.search(head):
            continue
        spans.append((start, match.start() + len(match.group(0).rstrip())))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# --- the reference: the episode's written words, with what the script made of them ---------


@dataclass
class _Segment:
    index: int
    role: str
    written: str
    spoken: str
    w: list[Token]
    s: list[Token]
    groups: list[list[int]]  # for each written token, the spoken tokens that stand for it
    changed: list[bool]  # for each written token, whether the spoken form differs there
    cue: list[int]  # spoken tokens the script put before the words (a cue)
    sentences: list[tuple[int, int]]  # char spans in ``written``


def _prepare(index: int, role: str, written: str, spoken: str) -> _Segment:
    from rapidfuzz.distance import Levenshtein

    dateline = role == "dateline"
    w, s = tokens(written, caps_words=dateline), tokens(spoken, caps_words=dateline)
    groups: list[list[int]] = [[] for _ in w]
    changed = [False] * len(w)
    cue: list[int] = []
    for op in Levenshtein.opcodes([t.key for t in w], [t.key for t in s]):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            for offset in range(i2 - i1):
                groups[i1 + offset] = [j1 + offset]
        elif tag == "insert":
            if i1 == 0:
                cue.extend(range(j1, j2))  # words said before the article's: a cue
            else:  # words the script added after written token i1 - 1
                groups[i1 - 1] = groups[i1 - 1] + list(range(j1, j2))
                changed[i1 - 1] = True
        else:
            for k in range(i1, i2):
                groups[k] = list(range(j1, j2))
                changed[k] = True
    return _Segment(index, role, written, spoken, w, s, groups, changed, cue, split_sentences(written))


def heard_tokens(words: list[HeardWord]) -> tuple[str, list[Token], list[int]]:
    """The transcript as text, its canonical tokens, and the heard word each token came from."""
    text, starts = "", []
    for word in words:
        starts.append(len(text))
        text += word.text  # a word without a leading space continues the last one ("18" ",000")
    found = tokens(text)
    owner, w = [], 0
    for token in found:
        while w + 1 < len(starts) and starts[w + 1] <= token.start:
            w += 1
        owner.append(w)
    return text, found, owner


def check_script(script: Script, heard: list[HeardWord], weights: Weights = Weights()) -> list[SentenceCheck]:
    """Every written sentence of ``script`` against what was heard, scored and flagged."""
    segments = [
        _prepare(i, seg.role, seg.source_text or seg.text, seg.text)
        for i, seg in enumerate(script.segments)
        if seg.text.strip()
    ]
    heard_text, h, owner = heard_tokens(heard)
    # The reference stream: (segment, "cue" or "w", token index, sentence number)
    ref: list[tuple[_Segment, str, int, int]] = []
    checks: list[SentenceCheck] = []
    where: list[tuple[_Segment, int]] = []  # each sentence's segment and first character
    for seg in segments:
        first = len(checks)
        for a, b in seg.sentences:
            a += len(seg.written[a:b]) - len(seg.written[a:b].lstrip())
            checks.append(SentenceCheck(len(checks), seg.index, seg.role, seg.written[a:b].strip(), "", "", 0.0))
            where.append((seg, a))
        if not seg.sentences:
            continue
        ref.extend((seg, "cue", j, first) for j in seg.cue)
        for k, token in enumerate(seg.w):
            number = next((n for n, (a, b) in enumerate(seg.sentences) if token.start < b), len(seg.sentences) - 1)
            ref.append((seg, "w", k, first + number))
    ref_keys = [(r[0].s[r[2]] if r[1] == "cue" else r[0].w[r[2]]).key for r in ref]
    ops = _merged_opcodes(ref_keys, [t.key for t in h])

    # Each sentence's share of the alignment: its heard tokens and its differing stretches.
    heard_of: dict[int, list[int]] = {}
    raw_regions: dict[int, list[tuple[list[int], list[int], int]]] = {}
    for tag, i1, i2, j1, j2 in ops:
        if tag == "insert":
            owner_ref = ref[i1 - 1] if i1 > 0 else ref[0]
            number = owner_ref[3]
            heard_of.setdefault(number, []).extend(range(j1, j2))
            raw_regions.setdefault(number, []).append(([], list(range(j1, j2)), i1))
            continue
        by_sentence: dict[int, list[int]] = {}
        for i in range(i1, i2):
            by_sentence.setdefault(ref[i][3], []).append(i)
        cuts = _cuts(by_sentence, j1, j2, ref_keys, [t.key for t in h]) if tag != "equal" else []
        for n, (number, refs) in enumerate(by_sentence.items()):
            if tag == "equal":
                heard_part = [j1 + (i - i1) for i in refs]
            else:
                heard_part = list(range(cuts[n], cuts[n + 1]))
                raw_regions.setdefault(number, []).append((refs, heard_part, refs[0]))
            heard_of.setdefault(number, []).extend(heard_part)

    last_time = 0.0
    for check in checks:
        seg, sentence_start = where[check.index]
        heard_here = sorted(heard_of.get(check.index, []))
        times = [heard[owner[j]].start for j in heard_here]
        check.start = min(times) if times else last_time
        last_time = max([heard[owner[j]].end for j in heard_here], default=check.start)
        if heard_here:
            a = h[heard_here[0]].start
            b = h[heard_here[-1]].end
            check.heard = heard_text[a:b].strip()
            check.heard_marks = []
        check.words = sum(1 for r in ref if r[3] == check.index and r[1] == "w")
        sentence_spoken = sorted(
            {j for r in ref if r[3] == check.index for j in ([r[2]] if r[1] == "cue" else r[0].groups[r[2]])}
        )
        base = None
        if sentence_spoken:
            base = seg.s[sentence_spoken[0]].start
            check.spoken = _extend_punctuation(seg.spoken, base, seg.s[sentence_spoken[-1]].end)
        for refs, heard_part, at in raw_regions.get(check.index, []):
            region = _score(refs, heard_part, at, ref, h, owner, heard, weights)
            check.regions.append(region)
            for i in refs:
                r = ref[i]
                if r[1] == "w":
                    token = r[0].w[r[2]]
                    check.written_marks.append((token.start - sentence_start, token.end - sentence_start))
                    if base is not None:
                        check.spoken_marks.extend(
                            (r[0].s[j].start - base, r[0].s[j].end - base) for j in r[0].groups[r[2]]
                        )
            if heard_here:
                check.heard_marks.extend((h[j].start - h[heard_here[0]].start, h[j].end - h[heard_here[0]].start) for j in heard_part)
        # The worst stretch counts whole, the others half: a long line collects small noise.
        scores = sorted((region.score for region in check.regions), reverse=True)
        check.score = (scores[0] + weights.others * sum(scores[1:])) if scores else 0.0
        check.flagged = check.score >= weights.threshold
        for region in sorted(check.regions, key=lambda r: (r.reason != "script", -r.score)):
            for k in region.written:
                token = seg.w[k]
                if region.reason != "script" or seg.changed[k]:
                    check.suspects.append(seg.written[token.start : token.end])
        check.written_marks = _merge(check.written_marks)
        check.spoken_marks = _merge(check.spoken_marks)
        check.heard_marks = _merge(check.heard_marks)
    return checks


def _cuts(by_sentence: dict[int, list[int]], j1: int, j2: int, ref_keys: list[str], heard_keys: list[str]) -> list[int]:
    """Where a differing stretch over two sentences cuts the heard words: where each side
    sounds most like its sentence's words (more sentences: shared by length)."""
    parts = list(by_sentence.values())
    if len(parts) == 2:
        first, second = [ref_keys[i] for i in parts[0]], [ref_keys[i] for i in parts[1]]
        best = max(
            range(j1, j2 + 1),
            key=lambda k: similar(first, heard_keys[j1:k]) * len(first) + similar(second, heard_keys[k:j2]) * len(second),
        )
        return [j1, best, j2]
    total, done, cuts = sum(len(p) for p in parts), 0, [j1]
    for refs in parts:
        done += len(refs)
        cuts.append(j1 + round((j2 - j1) * done / total))
    return cuts


def _merged_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Levenshtein opcodes with neighbouring differences joined into one stretch, so "audio news"
    heard for "audionews" is one stretch compared as a whole, not an insertion and a swap."""
    from rapidfuzz.distance import Levenshtein

    merged: list[tuple[str, int, int, int, int]] = []
    for op in Levenshtein.opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, p1, _, q1, _ = merged[-1]
            tag = "insert" if p1 == i2 else "replace"
            merged[-1] = (tag, p1, i2, q1, j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _extend_punctuation(text: str, start: int, end: int) -> str:
    match = re.match(r"[.,;:!?\"'”’)]*", text[end:])
    return text[start : end + (match.end() if match else 0)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def similar(a: list[str], b: list[str], heard: bool = False) -> float:
    """How alike two stretches of words sound, 0 to 1 (both empty: 1). ``heard``: ``b`` is the
    recognizer's, whose capitals may be a word said whole ("NASA") or letters said one by one."""
    from rapidfuzz import fuzz

    x = sounds(" ".join(a))
    variants = {sounds(" ".join(b))}
    if heard:
        variants.add(sounds(" ".join(k.rstrip(".") for k in b)))
    if not x and variants == {""}:
        return 1.0
    return max(fuzz.ratio(x, y) / 100.0 for y in variants)


def _differing(s: list[str], w: list[str], h: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The spoken, written and heard words with what spoken and written share at either end
    taken off (off the heard words too, where they have it): "hours five" read "hours seven"
    compares "five" with "seven"."""
    front = 0
    while front < min(len(s), len(w)) and s[front] == w[front]:
        front += 1
    back = 0
    while back < min(len(s), len(w)) - front and s[-1 - back] == w[-1 - back]:
        back += 1
    h_front = front if h[:front] == s[:front] else 0
    h_back = back if back and h[len(h) - back :] == s[len(s) - back :] and len(h) - back >= h_front else 0
    return s[front : len(s) - back], w[front : len(w) - back], h[h_front : len(h) - h_back]


def _score(
    refs: list[int], heard_part: list[int], at: int, ref, h: list[Token], owner: list[int], heard: list[HeardWord],
    weights: Weights,
) -> Region:
    """One differing stretch scored: written tokens ``refs`` (positions in ``ref``), heard tokens
    ``heard_part``; ``at``: where in ``ref`` a stretch with no written tokens sits."""
    written_refs = [i for i in refs if ref[i][1] == "w"]
    w_tokens = [ref[i][0].w[ref[i][2]] for i in written_refs]
    h_keys = [h[j].key for j in heard_part]
    region = Region([ref[i][2] for i in written_refs], heard_part, [])
    if not written_refs and refs:  # only a cue differs ("Section" heard as "Session")
        region.score = weights.cue * len(refs)
        region.reason = "cue"
        return region
    if not refs and heard_part and at > 0 and ref[at - 1][1] == "w":  # heard words where none are written
        seg, k = ref[at - 1][0], ref[at - 1][2]
        added = [seg.s[j].key for j in seg.groups[k] if seg.s[j].key != seg.w[k].key]
        if added and similar(added, h_keys, heard=True) >= weights.same_sound:  # words the script added
            region.score = weights.cue * len(heard_part)
            region.reason = "cue"
            return region
    changed = any(ref[i][0].changed[ref[i][2]] for i in written_refs)
    spoken_idx = sorted({j for i in written_refs for j in ref[i][0].groups[ref[i][2]]})
    region.spoken = spoken_idx
    if written_refs:
        seg = ref[written_refs[0]][0]
        s_keys = [seg.s[j].key for j in spoken_idx]
    else:
        s_keys = []
    w_keys = [t.key for t in w_tokens]
    region.detail = f"{' '.join(w_keys)} -> {' '.join(s_keys) if changed else '='} -> {' '.join(h_keys)}"
    probabilities = [heard[owner[j]].probability for j in heard_part]
    confidence = sum(probabilities) / len(probabilities) if probabilities else 1.0
    s_diff, w_diff, h_diff = _differing(s_keys, w_keys, h_keys)
    if changed and similar(s_diff, w_diff) < weights.same_sound:
        as_spoken, as_written = similar(s_diff, h_diff, heard=True), similar(w_diff, h_diff, heard=True)
        dropped = not s_diff and len(h_diff) <= max(1, len(w_diff) // 3)  # the script skipped words, so did the audio
        if dropped or (as_spoken >= weights.heard_spoken and as_spoken >= as_written + weights.margin):
            region.score = weights.changed_heard
            region.reason = "script"
            return region
    size = 0.0
    for i, token in zip(written_refs, w_tokens):
        weight = weights.stopword if token.key in STOPWORDS else 1.0
        touched = ref[i][0].changed[ref[i][2]]  # the normalizer or lexicon changed it
        if token.ruled or touched or (token.capital and token.key not in NOT_NAMES):
            weight *= weights.attention
        size += weight
    extra = len(heard_part) - len(w_tokens)
    if extra > 0:  # heard words beyond the written ones (often one word heard as two)
        size += sum(weights.stopword if k in STOPWORDS else 0.5 for k in h_keys[-extra:])
    if not heard_part:
        confidence = weights.deletion
    region.score = size * confidence * max(weights.similar_floor, 1.0 - similar(w_keys, h_keys, heard=True))
    region.reason = "heard"
    return region
