"""Exports the scoring graph of a trained AlcoveDCN to ONNX (opset 17) + a manifest."""
import hashlib, json, os
import numpy as np
import torch


class Graph(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, hist_emb, hist_ids, hist_feat, hist_mask, cand_emb, cand_ids, cand_feat, hist_cand_cooc=None):
        scores, att = self.m(hist_emb, hist_ids, hist_feat, hist_mask, cand_emb, cand_ids, cand_feat, hist_cand_cooc)
        return scores, att


def export(model, D, out, metrics, use_ids, log, use_cooc=False, trained_on=None):
    os.makedirs(out, exist_ok=True)
    model.eval()
    g = Graph(model)
    B, L, N = 2, 5, 7
    rng = np.random.default_rng(0)
    ex = (torch.from_numpy(rng.standard_normal((B, L, D.dim)).astype(np.float32)),
          torch.zeros(B, L, dtype=torch.long), torch.zeros(B, L, 6), torch.ones(B, L),
          torch.from_numpy(rng.standard_normal((N, D.dim)).astype(np.float32)), torch.zeros(N, dtype=torch.long), torch.zeros(N, 3))
    if use_cooc:
        ex = ex + (torch.zeros(B, L, N),)
    path = os.path.join(out, 'ranker.onnx')
    names = ['hist_emb', 'hist_ids', 'hist_feat', 'hist_mask', 'cand_emb', 'cand_ids', 'cand_feat'] + (['hist_cand_cooc'] if use_cooc else [])
    torch.onnx.export(g, ex, path, opset_version=17, input_names=names, output_names=['scores', 'attention'],
                      dynamic_axes={'hist_emb': {0: 'batch', 1: 'history'}, 'hist_ids': {0: 'batch', 1: 'history'},
                                    'hist_feat': {0: 'batch', 1: 'history'}, 'hist_mask': {0: 'batch', 1: 'history'},
                                    'cand_emb': {0: 'candidates'}, 'cand_ids': {0: 'candidates'}, 'cand_feat': {0: 'candidates'}, 'hist_cand_cooc': {0: 'batch', 1: 'history', 2: 'candidates'},
                                    'scores': {0: 'batch', 1: 'candidates'}, 'attention': {0: 'batch', 1: 'history'}})
    import onnx
    mo = onnx.load(path)
    got = [i.name for i in mo.graph.input]
    assert got == names, f'exported inputs {got} != {names} (an unused input was dropped?)'
    sha = hashlib.sha256(open(path, 'rb').read()).hexdigest()
    manifest = {
        'format': 'alcove-onnx-ranker', 'version': 1, 'id': 'alcove-dcn' + ('-ids' if use_ids else ''), 'coocInput': bool(use_cooc),
        'onnx': 'ranker.onnx', 'onnxSha256': sha, 'opset': 17, 'dim': D.dim, 'maxHistory': 50, 'trained': True,
        'untrained': [], 'trainedOn': trained_on or D.name, 'itemIds': bool(use_ids), 'idTableSize': model.n_ids,
        'encoder': {'sha256': D.encoder_sha},
        'dropHistoryItems': (metrics or {}).get('history') == 'drop',
        'config': model.cfg, 'metrics': metrics,
        'inputs': {
            'hist_emb': ['float32', ['batch', 'history', D.dim], 'history items text embeddings (unit), right-aligned: most recent at index history-1; padding rows zero'],
            'hist_ids': ['int64', ['batch', 'history'], 'item-ID table index (1..idTableSize), 0 = unknown/padding; clamped'],
            'hist_feat': ['float32', ['batch', 'history', 6], '[view, click, add_to_cart, purchase] one-hot, log1p(age hours)/8, log1p(events after it)/4'],
            'hist_mask': ['float32', ['batch', 'history'], '1 real event, 0 padding'],
            'cand_emb': ['float32', ['candidates', D.dim], 'candidate text embeddings (unit)'],
            'cand_ids': ['int64', ['candidates'], 'as hist_ids'],
            **({'hist_cand_cooc': ['float32', ['batch', 'history', 'candidates'], 'co-occurrence similarity sim(history item, candidate) from the aggregate table; all 0 when the catalog has none (and for padding)']} if use_cooc else {}),
            'cand_feat': ['float32', ['candidates', 3], 'log1p(count)/log1p(max count over the catalog), has price (0/1), log1p(price)/5 (0 if none)'],
        },
        **({'cooc': {'window': 10, 'definition': 'sim(a,b) = C_ab / sqrt(n_a n_b): C_ab = times a and b occur within 10 events of each other in a sequence (either order, a != b), n_a = occurrences of a; from aggregate logs'}} if use_cooc else {}),
        'outputs': {
            'scores': ['float32', ['batch', 'candidates'], 'higher = better; unbounded logits'],
            'attention': ['float32', ['batch', 'history'], 'attention weight per history event (mean over heads; sums to 1 over real events): explanations'],
        },
    }
    json.dump(manifest, open(os.path.join(out, 'ranker.json'), 'w'), indent=1)
    log(f'exported {path} ({os.path.getsize(path)} bytes), sha256 {sha[:12]}')
