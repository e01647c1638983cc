"""Trains alcove-dcn on a prepared dataset; checkpoints every epoch and resumes; early stopping on valid.

  nice -n 10 /usr/bin/python3 training/ranker/train.py --dataset scientific --variant text --export
Outputs under training/ranker/build/<dataset>/<tag>/ (gitignored): ckpt.pt, best.pt, log, metrics.json,
and with --export the ONNX graph in training/ranker/build/<dataset>/export-<variant>/.
"""
import argparse, json, math, os, random, sys, time
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from data import Prepared, Cooc
from model import AlcoveDCN

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '../..'))

ap = argparse.ArgumentParser()
ap.add_argument('--dataset', default='scientific')
ap.add_argument('--variant', default='text', choices=['text', 'ids', 'cooc', 'cooc-ids'])
ap.add_argument('--ablation', default='none', choices=['none', 'nocross', 'nodnn', 'notext', 'nocu'])
ap.add_argument('--epochs', type=int, default=12)
ap.add_argument('--patience', type=int, default=2)
ap.add_argument('--batch', type=int, default=256)
ap.add_argument('--neg', type=int, default=512)
ap.add_argument('--lr', type=float, default=2e-3)
ap.add_argument('--wd', type=float, default=1e-4)
ap.add_argument('--max-steps-per-epoch', type=int, default=0)
ap.add_argument('--valid-users', type=int, default=1000)
ap.add_argument('--export', action='store_true')
ap.add_argument('--cooc-dropout', type=float, default=0.2)
ap.add_argument('--knn', action='store_true', help='also feed item-kNN features read from the co-occurrence input (score, best link, links)')
ap.add_argument('--cases-per-epoch', type=int, default=0, help='per dataset, a random sample of this many training cases each epoch (0 = all)')
ap.add_argument('--time-budget', type=float, default=0, help='seconds: stop after the epoch that passes it')
ap.add_argument('--skip-final', action='store_true', help='no full valid/test scoring after training (eval:ranker scores the export); the manifest then carries the valid-subset figures')
ap.add_argument('--rawcos', action='store_true', help='also feed the encoder cosine of the history mean vs the candidate')
ap.add_argument('--threads', type=int, default=2)
ap.add_argument('--seed', type=int, default=7)
ap.add_argument('--tag', default='', help='suffix of the output folder (e.g. for a short-budget ablation set)')
ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed); random.seed(a.seed); np.random.seed(a.seed)
dev = torch.device(a.device)

tag = a.variant + ('' if a.ablation == 'none' else '-' + a.ablation) + a.tag
out = os.path.join(HERE, 'build', a.dataset.replace(',', '+'), tag)
os.makedirs(out, exist_ok=True)
logf = open(os.path.join(out, 'log'), 'a')
def log(*s):
    line = time.strftime('%H:%M:%S ') + ' '.join(map(str, s))
    print(line, flush=True); logf.write(line + '\n'); logf.flush()

names = a.dataset.split(',')
Ds = [Prepared(os.path.join(REPO, '.cache/ranker-eval'), n) for n in names]
D = Ds[0]
if any(d.dim != D.dim or d.encoder_sha != D.encoder_sha for d in Ds):
    raise SystemExit('the datasets were prepared with different encoders: rerun eval:ranker --prepare-only')
use_ids = a.variant.endswith('ids') or a.ablation == 'notext'
if use_ids and len(Ds) > 1:
    raise SystemExit('item-ID variants train on one catalog only')
use_cooc = a.variant.startswith('cooc')
model = AlcoveDCN(dim=D.dim, n_ids=D.n if use_ids else 0, use_text=a.ablation != 'notext', use_cross=a.ablation != 'nocross',
                  use_dnn=a.ablation != 'nodnn', use_attn=a.ablation != 'nocu', use_cooc=use_cooc, use_rawcos=a.rawcos, use_knn=a.knn).to(dev)
opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=a.wd)


class Part:
    """One training dataset: its catalog embeddings, side features and co-occurrence table."""
    def __init__(self, D):
        self.D = D
        self.cooc = Cooc(D) if use_cooc else None
        self.emb = torch.from_numpy(D.emb).to(dev)
        self.cfeat = torch.from_numpy(D.cand_feat).to(dev)
        self.all_ids = (torch.arange(1, D.n + 1) if use_ids else torch.zeros(D.n, dtype=torch.long)).to(dev)

    def tensors(self, cases, cand=None):
        ids, feat, mask, tgt = self.D.batch(cases)
        co = torch.from_numpy(self.cooc.features(ids, np.asarray([c[5] for c in cases]), cand)).to(dev) if self.cooc is not None else None
        ids = torch.from_numpy(ids).to(dev)
        mask = torch.from_numpy(mask).to(dev)
        he = self.emb[(ids - 1).clamp(min=0)] * mask.unsqueeze(-1)
        return he, (ids if use_ids else torch.zeros_like(ids)), torch.from_numpy(feat).to(dev), mask, torch.from_numpy(tgt).to(dev), ids, co


parts = [Part(d) for d in Ds]


@torch.no_grad()
def evaluate(P, cases, bs=64):
    model.eval()
    n = P.D.n
    v = model.item(P.emb, P.all_ids)
    res = {k: {'R@10': 0., 'N@10': 0., 'R@50': 0., 'N@50': 0.} for k in ('keep', 'drop')}
    for s in range(0, len(cases), bs):
        he, hi, hf, hm, tgt, raw_ids, co = P.tensors(cases[s:s + bs], np.arange(n))
        u, _ = model.user(he, hi, hf, hm)
        kn = model.knn(hf, hm, co) if model.use_knn else None
        sc = model.score(u, v, P.cfeat, model.cooc(hf, hm, co) if use_cooc else None, model.rawcos(he, hm, P.emb) if a.rawcos else None, kn)
        for mode in ('keep', 'drop'):
            x = sc.clone()
            if mode == 'drop':
                hist = (raw_ids - 1).clamp(min=0)
                hmask = hm.bool() & (hist != tgt.unsqueeze(1))
                x.scatter_(1, hist, torch.where(hmask, torch.full_like(hm, -1e9), x.gather(1, hist)))
            st = x.gather(1, tgt.unsqueeze(1))
            idx = torch.arange(n, device=dev).unsqueeze(0)
            rank = ((x > st) | ((x == st) & (idx < tgt.unsqueeze(1)))).sum(1).float()
            for k in (10, 50):
                hit = (rank < k).float()
                res[mode][f'R@{k}'] += hit.sum().item()
                res[mode][f'N@{k}'] += (hit / torch.log2(rank + 2)).sum().item()
    model.train()
    return {m: {k: round(v / len(cases), 4) for k, v in r.items()} for m, r in res.items()}


ckpt_path, best_path = os.path.join(out, 'ckpt.pt'), os.path.join(out, 'best.pt')
start, best, bad = 0, -1.0, 0
if os.path.exists(ckpt_path):
    ck = torch.load(ckpt_path, map_location=dev)
    model.load_state_dict(ck['model']); opt.load_state_dict(ck['opt'])
    start, best, bad = ck['epoch'] + 1, ck['best'], ck['bad']
    log(f'resumed at epoch {start}, best valid N@10 {best:.4f}')
log(f'{a.dataset} {tag}: ' + ', '.join(f'{P.D.name} {len(P.D.train_cases)} training cases, {P.D.n} items' for P in parts) +
    f'; params {sum(p.numel() for p in model.parameters())}, encoder {D.encoder_sha[:12]}')
rng = random.Random(a.seed)
vsubs = [rng.sample(P.D.valid, min(a.valid_users, len(P.D.valid))) for P in parts]
t_start = time.time()

for ep in range(start, a.epochs):
    if bad >= a.patience or (a.time_budget and time.time() - t_start > a.time_budget):
        break
    t0 = time.time()
    # Batches of one dataset each (candidates come from one catalog), interleaved at random.
    plan = []
    for pi, P in enumerate(parts):
        order = list(range(len(P.D.train_cases)))
        random.Random(a.seed + ep + 1000 * pi).shuffle(order)
        if a.cases_per_epoch:
            order = order[:a.cases_per_epoch]
        plan += [(pi, order[b * a.batch:(b + 1) * a.batch]) for b in range(len(order) // a.batch)]
    random.Random(a.seed + ep).shuffle(plan)
    if a.max_steps_per_epoch:
        plan = plan[:a.max_steps_per_epoch]
    steps = len(plan)
    tot = 0.
    for st, (pi, idx) in enumerate(plan):
        P = parts[pi]
        cases = [P.D.train_cases[i] for i in idx]
        tgt0 = torch.tensor([c[3] for c in cases])
        neg = torch.randint(0, P.D.n, (a.neg,))
        cand = torch.unique(torch.cat([tgt0, neg]))
        he, hi, hf, hm, tgt, _, co = P.tensors(cases, cand.numpy())
        cand = cand.to(dev)
        label = torch.searchsorted(cand, tgt)
        if co is not None and random.random() < a.cooc_dropout:
            co = torch.zeros_like(co)   # no co-occurrence table (a new catalog): the text path must work alone
        logits, _ = model(he, hi, hf, hm, P.emb[cand], P.all_ids[cand], P.cfeat[cand], co)
        loss = F.cross_entropy(logits, label)
        opt.zero_grad(); loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        tot += loss.item()
        if st == 9 and ep == start:
            log(f'first 10 steps: {(time.time() - t0) / 10:.2f} s/step, {steps} steps this epoch')
    ms = {P.D.name: evaluate(P, vs) for P, vs in zip(parts, vsubs)}
    # one history mode for all: the mean N@10 over the datasets
    score = max(sum(m['keep']['N@10'] for m in ms.values()), sum(m['drop']['N@10'] for m in ms.values())) / len(ms)
    improved = score > best
    if improved:
        best, bad = score, 0
        torch.save({'model': model.state_dict(), 'cfg': model.cfg, 'epoch': ep}, best_path)
    else:
        bad += 1
    torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'epoch': ep, 'best': best, 'bad': bad}, ckpt_path)
    log(f'epoch {ep} loss {tot / max(1, steps):.4f} valid(sub) {ms} {"*" if improved else ""} {time.time() - t0:.0f}s')

bk = torch.load(best_path, map_location=dev)
model.load_state_dict(bk['model'])
per = {}
for P, vs in zip(parts, vsubs):
    if a.skip_final:
        mv = evaluate(P, vs)
        per[P.D.name] = {'validSubset': len(vs), 'valid': mv['drop'], 'history': 'drop'}
        continue
    mv, mt = evaluate(P, P.D.valid), evaluate(P, P.D.test)
    mode = 'drop' if mv['drop']['N@10'] > mv['keep']['N@10'] else 'keep'
    per[P.D.name] = {'valid': mv[mode], 'test': mt[mode], 'history': mode, 'testHistoryKept': mt['keep']}
first = per[D.name]
metrics = {'dataset': a.dataset, 'tag': tag, 'best_epoch': bk['epoch'], 'valid': first['valid'], 'test': first.get('test'), 'history': first['history'],
           'perDataset': per, 'encoder_sha256': D.encoder_sha, 'scored_by': 'pytorch'}
json.dump(metrics, open(os.path.join(out, 'metrics.json'), 'w'), indent=1)
log('final', json.dumps(metrics))

if a.export:
    from export import export
    export(model, D, os.path.join(HERE, 'build', a.dataset.replace(',', '+'), f'export-{a.variant}'), metrics, use_ids, log, use_cooc, '+'.join(names))
