"""Train the student sentence encoder: distillation from USE-lite + in-batch InfoNCE.

    nice -n 10 /usr/bin/python3 training/encoder/train.py [--steps 3000] [--budget-minutes 38]

Needs build/text/ (prepare_text.py) and build/teacher/ (embed_teacher.mjs).
Resumable: a checkpoint is written every --ckpt-minutes to build/checkpoints/last.pt
and a re-run continues from it (same schedule); build/checkpoints/best.pt keeps the
weights with the best validation score. The schedule ends at --steps or after
--budget-minutes of training time (summed over runs), whichever comes first; a run
also stops after --max-minutes (checkpointing first) and the next run resumes.

Each step takes --batch pairs (a_i, b_i) -> 2*batch sentences, and
  loss = InfoNCE(a <-> b, symmetric, tau 0.05, duplicate texts masked)
       + lambda * KL( softmax(T T^T / tau_t) || softmax(S S^T / tau_s) )   (rows, diagonal masked)
where T are the teacher's 512-d embeddings and S the student's. The relational
(KL) term transfers the teacher's ranking of neighbours without asking the
128-d student to reproduce the teacher's (compressed, ~0.5 +- 0.1) cosine values.

Validation: 3 % of the pairs (by hash), never trained on as pairs: MRR of b given a
among all validation b's, plus Spearman of student vs teacher cosines on the
validation sentences; score = MRR + Spearman.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bert_tokenizer import BertTokenizer  # noqa: E402
from mini_bert import MiniBertConfig, SentenceEncoder, init_bert_weights  # noqa: E402

BUILD = HERE / "build"
TEXT = BUILD / "text"
CKPT = BUILD / "checkpoints"
MAX_LEN = 40  # training truncation (tokens incl. [CLS]/[SEP]); the export takes up to 128


def model_config(args, vocab_size: int) -> MiniBertConfig:
    return MiniBertConfig(
        vocab_size=vocab_size,
        hidden_size=args.hidden,
        num_hidden_layers=args.layers,
        num_attention_heads=args.heads,
        intermediate_size=4 * args.hidden,
        max_position_embeddings=128,
    )


def load_corpus():
    tok = BertTokenizer.from_vocab_file(TEXT / "vocab.txt")
    sentences = (TEXT / "sentences.txt").read_text(encoding="utf-8").split("\n")[:-1]
    cache = TEXT / "token_ids.pt"
    if cache.exists() and cache.stat().st_mtime > (TEXT / "sentences.txt").stat().st_mtime:
        ids = torch.load(cache)
    else:
        ids = [tok.encode(s)["input_ids"] for s in sentences]
        ids = [x[: MAX_LEN - 1] + [x[-1]] if len(x) > MAX_LEN else x for x in ids]  # keep [SEP]
        torch.save(ids, cache)
    pairs = []
    sources = []
    for line in (TEXT / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        a, b, s = line.split("\t")
        pairs.append((int(a), int(b)))
        sources.append(s)
    index = json.loads((BUILD / "teacher/index.json").read_text())
    if not index.get("complete") or index["count"] != len(sentences):
        sys.exit("teacher embeddings incomplete: run training/encoder/embed_teacher.mjs")
    f32 = BUILD / "teacher" / index["file"]
    if f32.exists():
        teacher = np.fromfile(f32, dtype=np.float32).reshape(index["count"], index["dim"])
    else:  # the compact copy pack_teacher.py writes for a GPU machine (int8 rows + one scale per row)
        q = np.fromfile(BUILD / "teacher/teacher.i8", dtype=np.int8).reshape(index["count"], index["dim"])
        teacher = q.astype(np.float32) * np.fromfile(BUILD / "teacher/teacher.scale.f32", dtype=np.float32)[:, None]
    return tok, sentences, ids, np.array(pairs), sources, torch.from_numpy(teacher)


def is_val(i: int) -> bool:
    return int(hashlib.md5(f"pair{i}".encode()).hexdigest()[:8], 16) % 100 < 3


def pad(seqs: list[list[int]]):
    width = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), width, dtype=torch.int64)
    mask = torch.zeros_like(ids)
    for r, s in enumerate(seqs):
        ids[r, : len(s)] = torch.tensor(s)
        mask[r, : len(s)] = 1
    return ids, mask


def encode(model, token_ids, idx, bs=256):
    dev = next(model.parameters()).device
    out = []
    for i in range(0, len(idx), bs):
        ids, mask = pad([token_ids[j] for j in idx[i : i + bs]])
        out.append(model(ids.to(dev), mask.to(dev)).float().cpu())
    return torch.cat(out)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    rx = np.argsort(np.argsort(x)).astype(np.float64)
    ry = np.argsort(np.argsort(y)).astype(np.float64)
    return float(np.corrcoef(rx, ry)[0, 1])


@torch.no_grad()
def validate(model, token_ids, pairs, val_idx, teacher):
    model.eval()
    a = pairs[val_idx, 0]
    b = pairs[val_idx, 1]
    ea = encode(model, token_ids, list(a))
    eb = encode(model, token_ids, list(b))
    sims = ea @ eb.T
    # rank of the true b (ties against duplicates of the same text count as hits)
    same_b = torch.from_numpy(b[:, None] == b[None, :])
    target = sims.diagonal().unsqueeze(1)
    rank = ((sims > target) & ~same_b).sum(1) + 1
    mrr = float((1.0 / rank.float()).mean())
    sent = np.unique(np.concatenate([a, b]))[:1500]
    es = encode(model, token_ids, list(sent))
    iu = np.triu_indices(len(sent), 1)
    s_sim = (es @ es.T).numpy()[iu]
    t = teacher[torch.from_numpy(sent)].cpu()
    t_sim = (t @ t.T).numpy()[iu]
    rho = spearman(s_sim, t_sim)
    model.train()
    return {"mrr": mrr, "spearman": rho, "score": mrr + rho}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--batch", type=int, default=64, help="pairs per step (2x sentences)")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--tau", type=float, default=0.05, help="InfoNCE / student temperature")
    ap.add_argument("--tau-teacher", type=float, default=0.025)
    ap.add_argument("--distill-weight", type=float, default=2.0)
    ap.add_argument("--budget-minutes", type=float, default=38.0,
                    help="total training time over all runs; the LR schedule follows max(step/steps, time/budget)")
    ap.add_argument("--max-minutes", type=float, default=45.0, help="stop this run after this long (resume later)")
    ap.add_argument("--ckpt-minutes", type=float, default=3.0)
    ap.add_argument("--eval-every", type=int, default=200)
    ap.add_argument("--patience", type=int, default=6, help="validations without improvement before stopping")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bench", type=int, default=0, help="only time this many steps, no checkpoint")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--out", default=str(CKPT), help="checkpoint folder")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    ckdir = Path(args.out)
    ckdir.mkdir(parents=True, exist_ok=True)
    dev = torch.device(args.device)
    t_start = time.time()

    tok, sentences, token_ids, pairs, sources, teacher = load_corpus()
    val_mask = np.array([is_val(i) for i in range(len(pairs))])
    val_idx = np.nonzero(val_mask)[0][:1024]
    train_idx = np.nonzero(~val_mask)[0]
    print(f"{len(sentences)} sentences, {len(train_idx)} train pairs, {len(val_idx)} val pairs, vocab {len(tok.vocab)}")

    cfg = model_config(args, len(tok.vocab))
    model = SentenceEncoder(cfg)
    init_bert_weights(model, cfg.initializer_range)
    model.to(dev)
    teacher = teacher.to(dev)
    no_decay = [p for n, p in model.named_parameters() if p.ndim < 2]
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    n_params = sum(p.numel() for p in model.parameters())
    print(f"model: hidden {cfg.hidden_size}, layers {cfg.num_hidden_layers}, {n_params:,} parameters")

    def progress():
        return max(state["step"] / args.steps, state["train_seconds"] / (args.budget_minutes * 60))

    def lr_at(step):
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        p = progress()
        return args.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, p))))

    state = {"step": 0, "train_seconds": 0.0, "best": -1e9, "bad": 0, "history": [], "config": cfg.to_dict(), "args": vars(args)}
    last = ckdir / "last.pt"
    if last.exists() and not args.bench:
        ck = torch.load(last, map_location=dev)
        if ck["state"]["config"] != cfg.to_dict():
            sys.exit(f"{last} has another model config; delete build/checkpoints/ to start over")
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        state = ck["state"]
        torch.set_rng_state(ck["rng"].cpu())
        print(f"resumed from step {state['step']} (best score {state['best']:.4f})")

    def save(path):
        tmp = path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": state, "rng": torch.get_rng_state()}, tmp)
        tmp.replace(path)
        if path.name == "best.pt":  # weights only, fp16: small enough to carry back from a GPU machine
            half = {k: v.half().cpu() if v.is_floating_point() else v.cpu() for k, v in model.state_dict().items()}
            torch.save({"model": half, "state": state}, ckdir / "best.slim.pt")

    # A fixed permutation per epoch (seeded), so a resumed run sees the same order.
    per_epoch = len(train_idx) // args.batch

    def batch_at(step):
        epoch, k = divmod(step, per_epoch)
        perm = np.random.default_rng(args.seed * 1000 + epoch).permutation(train_idx)
        return pairs[perm[k * args.batch : (k + 1) * args.batch]]

    model.train()
    last_ckpt = time.time()
    t_steps = time.time()
    losses = []
    stop = "schedule done"
    while progress() < 1.0:
        step = state["step"]
        t_step = time.time()
        bp = batch_at(step)
        a, b = bp[:, 0], bp[:, 1]
        sent = np.concatenate([a, b])
        ids, mask = pad([token_ids[j] for j in sent])
        emb = model(ids.to(dev), mask.to(dev))
        n = len(a)
        ea, eb = emb[:n], emb[n:]
        # InfoNCE, both directions; other in-batch entries with the same text are not negatives.
        logits = ea @ eb.T / args.tau
        dup = torch.from_numpy((b[None, :] == b[:, None]) | (a[None, :] == a[:, None]))
        dup.fill_diagonal_(False)
        logits = logits.masked_fill(dup.to(dev), -1e4)
        target = torch.arange(n, device=dev)
        nce = 0.5 * (F.cross_entropy(logits, target) + F.cross_entropy(logits.T, target))
        # Relational distillation on all 2n sentences.
        t = teacher[torch.from_numpy(sent)]
        same = torch.from_numpy(sent[:, None] == sent[None, :]).to(dev)
        s_logits = (emb @ emb.T / args.tau).masked_fill(same, -1e4)
        t_logits = (t @ t.T / args.tau_teacher).masked_fill(same, -1e4)
        kl = F.kl_div(F.log_softmax(s_logits, 1), F.log_softmax(t_logits, 1), log_target=True, reduction="batchmean")
        loss = nce + args.distill_weight * kl
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        state["step"] += 1
        state["train_seconds"] += time.time() - t_step
        losses.append((float(nce), float(kl)))

        if args.bench and state["step"] >= args.bench:
            dt = (time.time() - t_steps) / args.bench
            print(f"bench: {dt:.3f} s/step (batch {args.batch} pairs)")
            return
        if state["step"] % 25 == 0:
            ln, lk = np.mean(losses, 0)
            losses = []
            el = time.time() - t_steps
            print(f"step {state['step']} ({100 * progress():.0f}%) nce {ln:.3f} kl {lk:.4f} lr {lr_at(step):.2e} "
                  f"{el / 25:.2f} s/step", flush=True)
            t_steps = time.time()
        if state["step"] % args.eval_every == 0 or progress() >= 1.0:
            v = validate(model, token_ids, pairs, val_idx, teacher)
            state["history"].append({"step": state["step"], **v})
            better = v["score"] > state["best"]
            if better:
                state["best"], state["bad"] = v["score"], 0
                save(ckdir / "best.pt")
            else:
                state["bad"] += 1
            print(f"val step {state['step']}: mrr {v['mrr']:.4f} spearman {v['spearman']:.4f} "
                  f"score {v['score']:.4f}{' (best)' if better else ''}", flush=True)
            save(last)
            last_ckpt = time.time()
            if state["bad"] >= args.patience:
                stop = "early stopping"
                break
        if time.time() - last_ckpt > args.ckpt_minutes * 60:
            save(last)
            last_ckpt = time.time()
            print(f"checkpoint at step {state['step']}", flush=True)
        if time.time() - t_start > args.max_minutes * 60:
            stop = "time limit (re-run to resume)"
            break
    save(last)
    print(f"stopped at step {state['step']}: {stop}; best val score {state['best']:.4f}")
    (ckdir / "history.json").write_text(json.dumps(state["history"], indent=1))


if __name__ == "__main__":
    main()
