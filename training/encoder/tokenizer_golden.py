"""Golden token ids for the tokenizer parity test.

Writes tests/unit/fixtures/tokenizer-golden.json: each case is a string (or a
pair of strings) with the ids, token type ids and tokens that the Python
reference tokenizer (bert_tokenizer.py) produces. The vitest test asserts that
the browser tokenizers, loading public/models/alcove-mini/tokenizer.json, give
the same ids, so training and the runtime agree on every id.

Run through export_mini_bert.py, or on its own (after the export has written
build/vocab.txt):  /usr/bin/python3 training/encoder/tokenizer_golden.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bert_tokenizer import BertTokenizer  # noqa: E402

REPO = HERE.parents[1]
GOLDEN_PATH = REPO / "tests/unit/fixtures/tokenizer-golden.json"

LONG_DESCRIPTION = (
    "This ergonomic office chair features adjustable lumbar support, breathable mesh, "
    "4D armrests, a 135-degree recline with tension control, and a heavy-duty nylon base "
    "rated for 150 kg. Assembly takes about 20 minutes; all tools are included. "
) * 3

# (label, text) -- label says what the case is for.
SINGLE_CASES: list[tuple[str, str]] = [
    ("product title", "Wireless Bluetooth Headphones, Noise Cancelling"),
    ("product title with parens", "Apple iPhone 15 Pro Max (256GB) - Natural Titanium"),
    ("accents", "Café crème"),
    ("accents, em dash", "Crème brûlée torch — stainless steel"),
    ("diaeresis and cedilla", "naïve façade résumé"),
    ("decimal with unit", "3.5mm headphone jack adapter"),
    ("hyphenated model numbers", "USB-C to USB-C cable 2m 100W"),
    ("inch mark", 'Samsung 65" QLED 4K TV'),
    ("apostrophe and decimal", "Men's running shoes size 10.5"),
    ("repeated punctuation", "50% off!!! Limited-time deal..."),
    ("empty string", ""),
    ("whitespace only", "  \t \n "),
    ("html injection", "<img src=x onerror=alert(1)>"),
    ("script tag", "<script>alert('xss')</script>"),
    ("japanese kana + kanji", "日本語のテキスト"),
    ("chinese", "中文产品描述"),
    ("korean hangul", "한국어 제품"),
    ("greek", "Ελληνικά προϊόντα"),
    ("cyrillic", "Москва кофеварка"),
    ("emoji", "🎧 headphones 🔥🔥"),
    ("zwj emoji sequence", "👨\u200d👩\u200d👧 family pack"),
    ("emoji with variation selector", "❤️ love"),
    ("long word in vocab pieces", "Supercalifragilisticexpialidocious"),
    ("long real word", "pneumonoultramicroscopicsilicovolcanoconiosis"),
    ("word of exactly 100 chars", "ab" * 50),
    ("word over 100 chars", "ab" * 50 + "c"),
    ("prices", "$19.99 €49,95 £1,299.00"),
    ("sku", "SKU: ABC-12345-XYZ"),
    ("email", "e-mail: shop@example.com"),
    ("url", "https://example.com/products?id=42&ref=home#reviews"),
    ("tabs and newlines", "Tab\tseparated\nnew line\r\nCRLF"),
    ("no-break space", "non\u00a0breaking\u202fspace"),
    ("zero-width space and soft hyphen", "zero\u200bwidth soft\u00adhyphen"),
    ("control chars and NUL", "bell\x07char\x00nul\ufffdreplacement"),
    ("byte order mark", "\ufeffBOM at start"),
    ("fullwidth forms", "Ｆｕｌｌｗｉｄｔｈ ＵＳＢ　ケーブル"),
    ("literal special tokens", "[CLS] literal [SEP] special [MASK] tokens [PAD][UNK]"),
    ("special-looking but not special", "[cls] lowercase and [unused5] and [MASK"),
    ("all caps", "Mixed CASE Title With ALL CAPS"),
    ("contractions and parens", "don't stop-believing (remastered)"),
    ("turkish dotted I", "İstanbul ĞÜŞÖÇ ığüşöç"),
    ("german sharp s", "Straße groß"),
    ("nordic letters", "Ångström Øresund æble"),
    ("vietnamese stacked accents", "Tiếng Việt có dấu"),
    ("arabic", "العربية"),
    ("hebrew", "עברית"),
    ("devanagari with vowel signs", "हिन्दी"),
    ("ligatures", "ﬁne ﬂour"),
    ("vulgar fractions and super-scripts", "½ cup ¾ inch m² x³"),
    ("trademark symbols", "Acme™ Widget® © 2024"),
    ("programming languages", "C++ & C# books"),
    ("punctuation only", "...!!!???"),
    ("line separator", "line\u2028separator"),
    ("long description over 128 tokens", LONG_DESCRIPTION),
]

PAIR_CASES: list[tuple[str, str, str]] = [
    ("query / product pair", "wireless headphones", "Sony WH-1000XM5 Noise Cancelling Headphones"),
    ("pair with accents and punctuation", "café table", "Mid-century café table, 70×70 cm (walnut)"),
]


def build_golden(tok: BertTokenizer) -> dict:
    cases = []
    for label, text in SINGLE_CASES:
        enc = tok.encode(text)
        cases.append({"label": label, "text": text, **enc})
    for label, text, pair in PAIR_CASES:
        enc = tok.encode(text, pair)
        cases.append({"label": label, "text": text, "text_pair": pair, **enc})
    return {
        "generated_by": "training/encoder/tokenizer_golden.py",
        "tokenizer": "public/models/alcove-mini/tokenizer.json",
        "cases": cases,
    }


def write_golden(tok: BertTokenizer, path: Path = GOLDEN_PATH) -> dict:
    golden = build_golden(tok)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One case per line keeps diffs readable without a 30k-line file.
    lines = ",\n".join("    " + json.dumps(c, ensure_ascii=False) for c in golden["cases"])
    header = {k: v for k, v in golden.items() if k != "cases"}
    head = json.dumps(header, ensure_ascii=False, indent=2)[:-2]  # drop closing "\n}"
    path.write_text(f'{head},\n  "cases": [\n{lines}\n  ]\n}}\n', encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # stays valid JSON
    return golden


if __name__ == "__main__":
    vocab_txt = HERE / "build/vocab.txt"
    if not vocab_txt.exists():
        sys.exit(f"{vocab_txt} is missing: run training/encoder/export_mini_bert.py first")
    golden = write_golden(BertTokenizer.from_vocab_file(vocab_txt))
    print(f"wrote {len(golden['cases'])} cases to {GOLDEN_PATH.relative_to(REPO)}")
