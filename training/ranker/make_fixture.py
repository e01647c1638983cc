"""Writes tests/fixtures/ranker/<id>.json: a small synthetic input (random unit vectors, not data rows)
and the PyTorch reference outputs of the trained model, for tests/unit/ranker-onnx.test.ts.

  /usr/bin/python3 training/ranker/make_fixture.py --ckpt training/ranker/build/scientific/text/best.pt --id alcove-dcn-v1
"""
import argparse, json, os, sys
import numpy as np
import torch
sys.path.insert(0, os.path.dirname(__file__))
from model import AlcoveDCN
from data import hist_features

ap = argparse.ArgumentParser()
ap.add_argument('--ckpt', required=True)
ap.add_argument('--id', required=True)
a = ap.parse_args()
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '../..'))
ck = torch.load(a.ckpt, map_location='cpu')
m = AlcoveDCN(**ck['cfg']); m.load_state_dict(ck['model']); m.eval()
rng = np.random.default_rng(42)
B, L, N, dim = 2, 4, 6, ck['cfg']['dim']
unit = lambda *s: (lambda x: x / np.linalg.norm(x, axis=-1, keepdims=True))(rng.standard_normal(s + (dim,))).astype(np.float32)
hist_emb = unit(B, L)
hist_mask = np.array([[1, 1, 1, 1], [0, 0, 1, 1]], np.float32)
hist_emb *= hist_mask[..., None]
hist_feat = np.zeros((B, L, 6), np.float32)
H = 3600000
hist_feat[0] = hist_features(['view', 'click', 'add_to_cart', 'purchase'], [0, 5 * H, 20 * H, 30 * H], 31 * H)
hist_feat[1, 2:] = hist_features(['view', 'purchase'], [0, 48 * H], 50 * H)
hist_ids = np.zeros((B, L), np.int64)
cand_emb = unit(N)
cand_ids = np.zeros(N, np.int64)
cand_feat = np.array([[c, p > 0, np.log1p(p) / 5 if p > 0 else 0] for c, p in
                      [(0.9, 12.5), (0.5, 0), (0.1, 3.0), (0.0, 0), (0.7, 99.0), (0.3, 1.0)]], np.float32)
t = lambda x: torch.from_numpy(x)
extra = {}
if ck['cfg'].get('use_cooc'):
    co = (rng.random((B, L, N)) < 0.4) * rng.random((B, L, N)) * 0.5
    co = (co * hist_mask[..., None]).astype(np.float32)
    extra['hist_cand_cooc'] = co
with torch.no_grad():
    s, att = m(t(hist_emb), t(hist_ids), t(hist_feat), t(hist_mask), t(cand_emb), t(cand_ids), t(cand_feat),
               t(extra['hist_cand_cooc']) if extra else None)
out = dict(id=a.id, dims=dict(batch=B, history=L, candidates=N, dim=dim),
           inputs=dict(hist_emb=hist_emb.ravel().tolist(), hist_ids=hist_ids.ravel().tolist(), hist_feat=hist_feat.ravel().tolist(),
                       hist_mask=hist_mask.ravel().tolist(), cand_emb=cand_emb.ravel().tolist(), cand_ids=cand_ids.ravel().tolist(),
                       cand_feat=cand_feat.ravel().tolist(), **{k: v.ravel().tolist() for k, v in extra.items()}),
           scores=s.numpy().ravel().tolist(), attention=att.numpy().ravel().tolist())
os.makedirs(os.path.join(REPO, 'tests/fixtures/ranker'), exist_ok=True)
p = os.path.join(REPO, 'tests/fixtures/ranker', f'{a.id}.json')
json.dump(out, open(p, 'w'))
print('wrote', p, 'scores', out['scores'])
