"""Reads what `npm run eval:ranker -- --prepare-only` writes (.cache/ranker-eval/<dataset>/) and
builds padded batches. The feature formulas match src/core/ranker-features.ts exactly."""
import json, math, os
import numpy as np

HIST_FEATS, CAND_FEATS = 6, 3
DAY = 24 * 3600 * 1000
MAX_AGE_MS = 30 * 365.25 * DAY  # ages clamped to [0, this]: beyond every age in the training data
TYPES = ['view', 'click', 'add_to_cart', 'purchase']


def hist_features(types, ts, now):
    n = len(types)
    t_now = now if (ts is not None and now is not None) else n * DAY
    out = np.zeros((n, HIST_FEATS), np.float32)
    for j, t in enumerate(types):
        if t in TYPES:
            out[j, TYPES.index(t)] = 1
        tj = ts[j] if ts is not None else j * DAY
        out[j, 4] = math.log1p(min(MAX_AGE_MS, max(0, t_now - tj)) / 3600000) / 8
        out[j, 5] = math.log1p(n - 1 - j) / 4
    return out


class Prepared:
    def __init__(self, root, name, max_hist=50):
        d = os.path.join(root, name)
        if not os.path.exists(os.path.join(d, 'prepared.json')):
            raise SystemExit(f'missing {d}/prepared.json: run `npm run eval:ranker -- --dataset {name} --prepare-only` first')
        p = json.load(open(os.path.join(d, 'prepared.json')))
        self.name, self.n, self.dim, self.encoder_sha = p['name'], p['n'], p['dim'], p['encoderSha256']
        self.emb = np.fromfile(os.path.join(d, 'emb.f32'), np.float32).reshape(self.n, self.dim)
        self.cand_feat = np.fromfile(os.path.join(d, 'cand_feat.f32'), np.float32).reshape(self.n, CAND_FEATS)
        self.L = max_hist
        self.train_cases = []
        self.train_seqs = [t['seq'] for t in p['train']]
        for ui, t in enumerate(p['train']):
            seq, ts, ty = t['seq'], t['ts'], t['types']
            for k in range(1, len(seq)):
                if ty[k] != 'purchase':
                    continue
                a = max(0, k - max_hist)
                self.train_cases.append((seq[a:k], ts[a:k] if ts else None, ty[a:k], seq[k], ts[k] if ts else None, ui))
        conv = lambda c: (c['hist'][-max_hist:], c['ts'][-max_hist:] if c['ts'] else None, c['types'][-max_hist:], c['target'], c['now'], -1)
        self.valid = [conv(c) for c in p['valid']]
        self.test = [conv(c) for c in p['test']]

    def batch(self, cases):
        """Right-aligned padding: the most recent event is at position L-1. Item ids are index+1 (0 = none)."""
        B = len(cases)
        L = max(1, min(self.L, max(len(c[0]) for c in cases)))
        ids = np.zeros((B, L), np.int64)
        feat = np.zeros((B, L, HIST_FEATS), np.float32)
        mask = np.zeros((B, L), np.float32)
        tgt = np.zeros(B, np.int64)
        for b, (h, ts, ty, target, now, _u) in enumerate(cases):
            h, ty = h[-L:], ty[-L:]
            ts = ts[-L:] if ts is not None else None
            k = len(h)
            if k:
                ids[b, L - k:] = np.asarray(h) + 1
                feat[b, L - k:] = hist_features(ty, ts, now)
                mask[b, L - k:] = 1
            tgt[b] = target
        return ids, feat, mask, tgt


COOC_WINDOW = 10


class Cooc:
    """Item co-occurrence within COOC_WINDOW events of the training sequences, cosine-normalised:
    sim(a, b) = C_ab / sqrt(n_a n_b). Same definition as tools/eval/ranker/models.ts (coocMatrix).
    For training cases the user's own sequence is subtracted (no target leakage)."""

    def __init__(self, D):
        n = D.n
        self.C = np.zeros((n, n), np.float32)
        self.occ = np.zeros(n, np.float32)
        self.own = {}
        for u, t in enumerate(D.train_seqs):
            oc, oo = self.pairs(t)
            for (x, y), c in oc.items():
                self.C[x, y] += c
            for x, c in oo.items():
                self.occ[x] += c
            items = sorted(oo)
            pos = {x: i for i, x in enumerate(items)}
            M = np.zeros((len(items), len(items)), np.float32)
            for (x, y), c in oc.items():
                M[pos[x], pos[y]] = c
            self.own[u] = (np.asarray(items, np.int64), pos, M, np.asarray([oo[x] for x in items], np.float32))

    @staticmethod
    def pairs(s):
        oc, oo = {}, {}
        for a in range(len(s)):
            oo[s[a]] = oo.get(s[a], 0) + 1
            for b in range(a + 1, min(len(s), a + 1 + COOC_WINDOW)):
                x, y = s[a], s[b]
                if x == y:
                    continue
                oc[(x, y)] = oc.get((x, y), 0) + 1
                oc[(y, x)] = oc.get((y, x), 0) + 1
        return oc, oo

    def features(self, hist_ids, users, cand):
        """hist_ids [B,L] (index+1, 0 pad), users: training-user index per row or -1, cand [N] -> [B,L,N]."""
        h = np.clip(hist_ids - 1, 0, None)
        C = self.C[h[:, :, None], cand[None, None, :]]                          # [B,L,N]
        nh = np.repeat(self.occ[h][:, :, None], len(cand), 2)
        nc = np.broadcast_to(self.occ[cand][None, None, :], C.shape).copy()
        for b, u in enumerate(users):
            if u < 0:
                continue
            items, pos, M, oo = self.own[u]
            ci = [(k, pos[x]) for k, x in enumerate(cand.tolist()) if x in pos]
            if not ci:
                hi = [(j, pos[x]) for j, x in enumerate(h[b].tolist()) if x in pos]
                for j, p in hi:
                    nh[b, j] -= oo[p]
                continue
            ck, cp = map(np.asarray, zip(*ci))
            for j, x in enumerate(h[b].tolist()):
                if hist_ids[b, j] == 0 or x not in pos:
                    continue
                p = pos[x]
                C[b, j, ck] -= M[p, cp]
                nh[b, j] -= oo[p]
            nc[b][:, ck] -= oo[cp]
        den = np.sqrt(np.clip(nh, 0, None) * np.clip(nc, 0, None))
        out = np.where(den > 0, C / np.maximum(den, 1e-9), 0).astype(np.float32)
        out *= (hist_ids > 0)[:, :, None]
        return out
