"""Reference BERT (uncased) tokenizer in plain Python.

This is the tokenizer training uses, and the source of the golden ids that
tests/unit/tokenizer-parity.test.ts checks the browser tokenizers against.
It deliberately implements the same pipeline that `tokenizer.json` declares
(HF tokenizers' BertNormalizer -> BertPreTokenizer -> WordPiece -> [CLS] A [SEP]),
so that ids seen at training time are the ids the browser will produce:

  1. split the raw text on the special tokens ([CLS], [SEP], ...), which stay
     whole, exactly like the `added_tokens` of tokenizer.json (normalized: false);
  2. clean: drop NUL, U+FFFD and control/format characters, map whitespace to " ";
  3. put spaces around CJK ideographs, so each becomes its own word;
  4. lowercase, then strip accents (NFD, drop combining marks, category Mn);
  5. split on whitespace, then split punctuation off as single-character words;
  6. WordPiece: greedy longest-match-first, "##" on continuations,
     [UNK] for a word with no full cover or longer than 100 characters.

No dependencies beyond the standard library, so training code can import it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def load_vocab(vocab_txt: str | Path) -> dict[str, int]:
    """vocab.txt has one token per line; the line number is the id."""
    lines = Path(vocab_txt).read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # trailing newline
    return {tok: i for i, tok in enumerate(lines)}


def _is_whitespace(ch: str) -> bool:
    # \t \n \r are category Cc, so they are named explicitly.
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch: str) -> bool:
    # \t \n \r count as whitespace, not control.
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch).startswith("C")


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    # All non-alphanumeric ASCII counts as punctuation ("$", "^", "`" are not
    # Unicode P* but BERT splits them anyway).
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese_char(cp: int) -> bool:
    # The CJK Unified Ideographs blocks (not kana or hangul), as in BERT.
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class BertTokenizer:
    def __init__(
        self,
        vocab: dict[str, int],
        unk_token: str = "[UNK]",
        max_input_chars_per_word: int = 100,
    ):
        self.vocab = vocab
        self.ids_to_tokens = {i: t for t, i in vocab.items()}
        self.unk_token = unk_token
        self.max_input_chars_per_word = max_input_chars_per_word
        specials = sorted(SPECIAL_TOKENS, key=len, reverse=True)
        self._special_split = re.compile("(" + "|".join(map(re.escape, specials)) + ")")

    @classmethod
    def from_vocab_file(cls, vocab_txt: str | Path) -> "BertTokenizer":
        return cls(load_vocab(vocab_txt))

    # -- normalisation + pre-tokenisation ------------------------------------

    @staticmethod
    def normalize(text: str) -> str:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or _is_control(ch):
                continue
            if _is_whitespace(ch):
                out.append(" ")
            elif _is_chinese_char(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = "".join(out).lower()
        text = unicodedata.normalize("NFD", text)
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    @staticmethod
    def pre_tokenize(text: str) -> list[str]:
        words: list[str] = []
        for chunk in text.split():
            current = ""
            for ch in chunk:
                if _is_punctuation(ch):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(ch)
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    # -- WordPiece -----------------------------------------------------------

    def wordpiece(self, word: str) -> list[str]:
        if len(word) > self.max_input_chars_per_word:
            return [self.unk_token]
        pieces = []
        start = 0
        while start < len(word):
            end = len(word)
            piece = None
            while start < end:
                candidate = word[start:end]
                if start > 0:
                    candidate = "##" + candidate
                if candidate in self.vocab:
                    piece = candidate
                    break
                end -= 1
            if piece is None:
                return [self.unk_token]  # the whole word, not just the tail
            pieces.append(piece)
            start = end
        return pieces

    # -- public API ----------------------------------------------------------

    def tokenize(self, text: str) -> list[str]:
        """Tokens without [CLS]/[SEP]."""
        tokens: list[str] = []
        for section in self._special_split.split(text):
            if section in SPECIAL_TOKENS:
                tokens.append(section)
                continue
            for word in self.pre_tokenize(self.normalize(section)):
                tokens.extend(self.wordpiece(word))
        return tokens

    def encode(self, text: str, text_pair: str | None = None) -> dict[str, list[int]]:
        """[CLS] A [SEP] (B [SEP]); no truncation or padding (the caller does both)."""
        tokens = ["[CLS]", *self.tokenize(text), "[SEP]"]
        type_ids = [0] * len(tokens)
        if text_pair is not None:
            second = [*self.tokenize(text_pair), "[SEP]"]
            tokens += second
            type_ids += [1] * len(second)
        unk = self.vocab[self.unk_token]
        ids = [self.vocab.get(t, unk) for t in tokens]
        return {"input_ids": ids, "token_type_ids": type_ids, "tokens": tokens}

    def decode(self, ids: list[int]) -> str:
        """Rough inverse for debugging: joins "##" continuations, keeps specials."""
        text = " ".join(self.ids_to_tokens[i] for i in ids)
        return text.replace(" ##", "")
