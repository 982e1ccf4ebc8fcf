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
from .written import Ref, reference, split_sentences  # noqa: F401  (split_sentences: the bench uses it here)

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
    changed_heard: float = 3.0  # the audio says the script's change, not the article's words (or may:
    # times the recognizer's doubt, when the heard words fit both, as "US" heard for "U.S." said "us")
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


def check_script(script: Script, heard: list[HeardWord], weights: Weights | None = None) -> list[SentenceCheck]:
    """Every written sentence of ``script`` against what was heard, scored and flagged."""
    weights = weights or Weights()
    ref, sentences = reference(script)
    heard_text, h, owner = heard_tokens(heard)
    ref_keys = [r.token.key for r in ref]
    heard_keys = [t.key for t in h]

    # Each sentence's share of the alignment: its heard tokens and its differing stretches.
    heard_of: dict[int, list[int]] = {}
    stretches: dict[int, list[tuple[list[int], list[int], int]]] = {}
    for tag, i1, i2, j1, j2 in _merged_opcodes(ref_keys, heard_keys):
        if tag == "insert":
            number = ref[max(i1 - 1, 0)].sentence
            heard_of.setdefault(number, []).extend(range(j1, j2))
            stretches.setdefault(number, []).append(([], list(range(j1, j2)), i1))
            continue
        by_sentence: dict[int, list[int]] = {}
        for i in range(i1, i2):
            by_sentence.setdefault(ref[i].sentence, []).append(i)
        cuts = _cuts(by_sentence, j1, j2, ref_keys, heard_keys) if tag != "equal" else []
        for n, (number, refs) in enumerate(by_sentence.items()):
            if tag == "equal":
                heard_part = [j1 + (i - i1) for i in refs]
                # the same key heard may still be the script's word: "U.S." said "us", heard "US"
                stretches.setdefault(number, []).extend(
                    ([i], [j], i) for i, j in zip(refs, heard_part) if _letters_said_as_word(ref[i])
                )
            else:
                heard_part = list(range(cuts[n], cuts[n + 1]))
                stretches.setdefault(number, []).append((refs, heard_part, refs[0]))
            heard_of.setdefault(number, []).extend(heard_part)

    refs_of: dict[int, list[Ref]] = {}
    for r in ref:
        refs_of.setdefault(r.sentence, []).append(r)
    checks: list[SentenceCheck] = []
    last_time = 0.0
    for number, sentence in enumerate(sentences):
        reading = sentence.reading
        check = SentenceCheck(number, reading.index, reading.role, sentence.text, "", "", last_time)
        checks.append(check)
        heard_here = sorted(heard_of.get(number, []))
        if heard_here:
            check.start = min(heard[owner[j]].start for j in heard_here)
            last_time = max(heard[owner[j]].end for j in heard_here)
            check.heard = heard_text[h[heard_here[0]].start : h[heard_here[-1]].end].strip()
        mine = refs_of.get(number, [])
        check.words = sum(not r.cue for r in mine)
        spoken = sorted({j for r in mine for j in r.spoken})
        base = reading.s[spoken[0]].start if spoken else 0
        if spoken:
            check.spoken = _extend_punctuation(reading.spoken, base, reading.s[spoken[-1]].end)
        for refs, heard_part, at in stretches.get(number, []):
            check.regions.append(_score([ref[i] for i in refs], heard_part, ref[at - 1] if at else None, h, owner, heard, weights))
            for r in (ref[i] for i in refs if not ref[i].cue):
                check.written_marks.append((r.token.start - sentence.start, r.token.end - sentence.start))
                if spoken:
                    check.spoken_marks.extend((reading.s[j].start - base, reading.s[j].end - base) for j in r.spoken)
            if heard_here:
                first = h[heard_here[0]].start
                check.heard_marks.extend((h[j].start - first, h[j].end - first) for j in heard_part)
        # The worst stretch counts whole, the others half: a long line collects small noise.
        scores = sorted((region.score for region in check.regions), reverse=True)
        check.score = (scores[0] + weights.others * sum(scores[1:])) if scores else 0.0
        check.flagged = check.score >= weights.threshold
        for region in sorted(check.regions, key=lambda r: (r.reason != "script", -r.score)):
            for k in region.written:
                token = reading.w[k]
                if region.reason != "script" or reading.changed[k]:
                    check.suspects.append(reading.written[token.start : token.end])
        check.written_marks = _merge(check.written_marks)
        check.spoken_marks = _merge(check.spoken_marks)
        check.heard_marks = _merge(check.heard_marks)
    return checks


def _letters_said_as_word(r: Ref) -> bool:
    """A written acronym spelled letter by letter ("U.S.", "FBI") that the script says as a word."""
    return r.changed and r.token.kind == "letters" and any(r.reading.s[j].kind != "letters" for j in r.spoken)


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


def _shared_ends(*stretches: list[str]) -> tuple[int, int]:
    """How many words all ``stretches`` share at their front and at their back: "hours five" read
    "hours seven" differ in "five" and "seven"."""
    first, shortest = stretches[0], min(len(x) for x in stretches)
    front = 0
    while front < shortest and all(x[front] == first[front] for x in stretches):
        front += 1
    back = 0
    while back < shortest - front and all(x[-1 - back] == first[-1 - back] for x in stretches):
        back += 1
    return front, back


def _inner(words: list[str], ends: tuple[int, int]) -> list[str]:
    return words[ends[0] : len(words) - ends[1]]


def _score(
    refs: list[Ref], heard_part: list[int], before: Ref | None, h: list[Token], owner: list[int],
    heard: list[HeardWord], weights: Weights,
) -> Region:
    """One differing stretch scored: its reference words ``refs``, heard tokens ``heard_part``;
    ``before``: the reference word just before a stretch that has none of its own."""
    written = [r for r in refs if not r.cue]
    w_keys = [r.token.key for r in written]
    h_keys = [h[j].key for j in heard_part]
    region = Region([r.k for r in written], heard_part, [])
    if not written and refs:  # only a cue differs ("Section" heard as "Session")
        region.score = weights.cue * len(refs)
        region.reason = "cue"
        return region
    if not refs and heard_part and before is not None and not before.cue:  # heard words where none are written
        added = before.reading.added(before.k)
        if added and similar(added, h_keys, heard=True) >= weights.same_sound:  # words the script added
            region.score = weights.cue * len(heard_part)
            region.reason = "cue"
            return region
    changed = any(r.changed for r in written)
    region.spoken = sorted({j for r in written for j in r.spoken})
    s_keys = [written[0].reading.s[j].key for j in region.spoken] if written else []
    region.detail = f"{' '.join(w_keys)} -> {' '.join(s_keys) if changed else '='} -> {' '.join(h_keys)}"
    confidence = _confidence(heard_part, owner, heard, weights)
    evidence = _script_evidence(s_keys, w_keys, h_keys, confidence, weights) if changed else None
    if evidence is not None:
        region.score = evidence
        region.reason = "script"
        return region
    size = 0.0
    for r in written:
        token = r.token
        weight = weights.stopword if token.key in STOPWORDS else 1.0
        # read by rule, changed by the normalizer or lexicon, or a name: worth more attention
        if token.ruled or r.changed or (token.capital and token.key not in NOT_NAMES):
            weight *= weights.attention
        size += weight
    extra = len(heard_part) - len(written)
    if extra > 0:  # heard words beyond the written ones (often one word heard as two)
        size += sum(weights.stopword if k in STOPWORDS else 0.5 for k in h_keys[-extra:])
    region.score = size * confidence * max(weights.similar_floor, 1.0 - similar(w_keys, h_keys, heard=True))
    region.reason = "heard"
    return region


def _confidence(heard_part: list[int], owner: list[int], heard: list[HeardWord], weights: Weights) -> float:
    """How sure the recognizer was of a stretch's words (none heard: ``weights.deletion``)."""
    probabilities = [heard[owner[j]].probability for j in heard_part]
    return sum(probabilities) / len(probabilities) if probabilities else weights.deletion


def _script_evidence(
    s_keys: list[str], w_keys: list[str], h_keys: list[str], confidence: float, weights: Weights
) -> float | None:
    """How strongly the heard words say the script's change (spoken ``s_keys``) rather than the
    article's words (``w_keys``); None when they do not, or the change sounds as written."""
    ends = _shared_ends(s_keys, w_keys)
    s_diff, w_diff = _inner(s_keys, ends), _inner(w_keys, ends)
    if similar(s_diff, w_diff) >= weights.same_sound:
        return None
    # against the heard words, only what all three share comes off ("Waho's malaria" heard as
    # one word "Wauzmalaria" is compared whole)
    ends = _shared_ends(s_keys, w_keys, h_keys)
    spoken, written, h_diff = _inner(s_keys, ends), _inner(w_keys, ends), _inner(h_keys, ends)
    as_spoken, as_written = similar(spoken, h_diff, heard=True), similar(written, h_diff, heard=True)
    dropped = not s_diff and len(h_diff) <= max(1, len(w_diff) // 3)  # the script skipped words, so did the audio
    if dropped or (as_spoken >= weights.heard_spoken and as_spoken >= as_written + weights.margin):
        return weights.changed_heard
    if h_diff == written and as_spoken >= weights.heard_spoken:  # the article's own key heard, fitting either
        return weights.changed_heard * (1.0 - confidence)
    return None
