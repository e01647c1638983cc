"""alcove-dcn: C(u) by learned attention pooling over the history items' text embeddings (plus
event-type / age / recency features and optional item-ID embeddings), a low-rank DCN-v2 cross
network over [C(u); item; item side features], a DNN on top, plus the two-tower dot product."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class AlcoveDCN(nn.Module):
    def __init__(self, dim=128, E=64, n_ids=0, hist_feats=6, cand_feats=3, heads=2, C=16, rank=8,
                 cross_layers=2, dnn_hidden=32, use_text=True, use_cross=True, use_dnn=True, use_attn=True, use_cooc=False, use_rawcos=False, use_knn=False):
        super().__init__()
        self.cfg = dict(dim=dim, E=E, n_ids=n_ids, hist_feats=hist_feats, cand_feats=cand_feats, heads=heads, C=C, rank=rank,
                        cross_layers=cross_layers, dnn_hidden=dnn_hidden, use_text=use_text, use_cross=use_cross,
                        use_dnn=use_dnn, use_attn=use_attn, use_cooc=use_cooc, use_rawcos=use_rawcos, use_knn=use_knn)
        self.use_text, self.use_cross, self.use_dnn, self.use_attn = use_text, use_cross, use_dnn, use_attn
        self.n_ids = n_ids
        self.use_cooc = use_cooc
        self.use_rawcos = use_rawcos
        self.use_knn = use_knn and use_cooc
        self.proj = nn.Linear(dim, E)
        self.ff = nn.Sequential(nn.Linear(E, 2 * E), nn.GELU(), nn.Linear(2 * E, E))
        self.id_emb = nn.Embedding(n_ids + 1, E, padding_idx=0)
        nn.init.normal_(self.id_emb.weight, std=0.02)
        with torch.no_grad():
            self.id_emb.weight[0].zero_()
        self.norm = nn.LayerNorm(E)
        self.hfeat = nn.Linear(hist_feats, E)
        self.att_k = nn.Linear(E, E)
        self.att_q = nn.Linear(E, E, bias=False)
        self.att_v = nn.Parameter(torch.randn(heads, E) * 0.1)
        self.user_out = nn.Linear(E * (heads + 1), E)
        d0 = 2 * C + cand_feats + (2 if use_cooc else 0) + (1 if use_rawcos else 0) + (3 if self.use_knn else 0)
        if use_rawcos:
            self.rawcos_scale = nn.Parameter(torch.tensor(5.0))
        # co-occurrence: how much each history event counts (learned recency / event-type decay)
        self.cooc_w = nn.Linear(hist_feats, 1)
        self.cooc_scale = nn.Parameter(torch.tensor(5.0))
        if self.use_knn:
            self.knn_scale = nn.Parameter(torch.tensor(1.0))
        self.u_c = nn.Linear(E, C)
        self.v_c = nn.Linear(E, C)
        self.cross_V = nn.ParameterList([nn.Parameter(torch.randn(d0, rank) * (1 / d0 ** 0.5)) for _ in range(cross_layers)])
        self.cross_U = nn.ParameterList([nn.Parameter(torch.zeros(rank, d0)) for _ in range(cross_layers)])
        self.cross_b = nn.ParameterList([nn.Parameter(torch.zeros(d0)) for _ in range(cross_layers)])
        self.dnn = nn.Sequential(nn.Linear(d0, dnn_hidden), nn.ReLU(), nn.Linear(dnn_hidden, 1))
        self.lin_out = nn.Linear(d0, 1)

    def item(self, emb, ids):
        ids = ids.clamp(0, self.n_ids)
        x = self.proj(emb) if self.use_text else torch.zeros(emb.shape[:-1] + (self.proj.out_features,), dtype=emb.dtype, device=emb.device)
        if self.use_text:
            x = x + self.ff(x)
        return self.norm(x + self.id_emb(ids))

    def user(self, hist_emb, hist_ids, hist_feat, hist_mask):
        h = self.item(hist_emb, hist_ids) + self.hfeat(hist_feat)            # [B,L,E]
        m = hist_mask.unsqueeze(-1)                                             # [B,L,1]
        if self.use_attn:
            last = h[:, -1]                                                     # right-aligned: most recent
            a = torch.tanh(self.att_k(h) + self.att_q(last).unsqueeze(1)) @ self.att_v.t()   # [B,L,H]
            a = a + (m - 1) * 1e4
            a = torch.softmax(a, dim=1)                                         # over the history
            pooled = torch.einsum('blh,ble->bhe', a, h).flatten(1)
            u = self.user_out(torch.cat([pooled, last], -1))
            att = a.mean(-1)
        else:   # ablation: plain mean of the history, nothing learned about which events count
            att = hist_mask / hist_mask.sum(1, keepdim=True).clamp(min=1)
            pooled = torch.einsum('bl,ble->be', att, h)
            u = self.user_out(torch.cat([pooled] * (self.att_v.shape[0] + 1), -1))
        return u, att

    def cooc(self, hist_feat, hist_mask, hist_cand_cooc):
        w = self.cooc_w(hist_feat).squeeze(-1) + (hist_mask - 1) * 1e4
        w = torch.softmax(w, dim=1) * hist_mask                                 # [B,L]
        return torch.einsum('bl,bln->bn', w, hist_cand_cooc)                    # [B,N]

    @staticmethod
    def knn(hist_feat, hist_mask, hist_cand_cooc):
        """How far to trust the table, from the table itself: item-kNN's own score (history items
        weighted 0.5^(events after it), read back from the recency feature), the best single link and
        how many history items link to the candidate. [B,N,3]"""
        after = torch.exp(hist_feat[..., 5] * 4) - 1                            # [B,L]
        w = torch.pow(0.5, after) * hist_mask
        s = torch.einsum('bl,bln->bn', w, hist_cand_cooc)
        mx = (hist_cand_cooc * hist_mask.unsqueeze(-1)).max(1).values
        cnt = ((hist_cand_cooc > 0).float() * hist_mask.unsqueeze(-1)).sum(1)
        return torch.stack([torch.log1p(s * 10), torch.log1p(mx * 10), torch.log1p(cnt) / 4], -1)

    def score(self, u, v, cand_feat, co=None, rc=None, kn=None):
        dot = u @ v.t()                                                         # [B,N]
        B, N = u.shape[0], v.shape[0]
        uc = self.u_c(u).unsqueeze(1).expand(B, N, -1)
        vc = self.v_c(v).unsqueeze(0).expand(B, N, -1)
        cf = cand_feat.unsqueeze(0).expand(B, N, -1)
        parts = [uc, vc, cf]
        if self.use_cooc:
            c10 = co.unsqueeze(-1) * 10
            parts += [c10, torch.log1p(c10)]
            dot = dot + self.cooc_scale * co * 10
        if kn is not None:
            parts += [kn]
            dot = dot + self.knn_scale * kn[..., 0] * 4
        if self.use_rawcos:   # the encoder's own cosine between C(u)'s plain mean and the candidate
            parts += [rc.unsqueeze(-1) * 5]
            dot = dot + self.rawcos_scale * rc
        x0 = torch.cat(parts, -1)                                               # [B,N,d0]
        x = x0
        if self.use_cross:
            for V, U, b in zip(self.cross_V, self.cross_U, self.cross_b):
                x = x0 * ((x @ V) @ U + b) + x                                  # DCN-v2, low rank
        out = self.dnn(x) if self.use_dnn else self.lin_out(x)
        return dot + out.squeeze(-1)

    def forward(self, hist_emb, hist_ids, hist_feat, hist_mask, cand_emb, cand_ids, cand_feat, hist_cand_cooc=None):
        u, att = self.user(hist_emb, hist_ids, hist_feat, hist_mask)
        v = self.item(cand_emb, cand_ids)
        co = self.cooc(hist_feat, hist_mask, hist_cand_cooc) if self.use_cooc else None
        kn = self.knn(hist_feat, hist_mask, hist_cand_cooc) if self.use_knn else None
        return self.score(u, v, cand_feat, co, self.rawcos(hist_emb, hist_mask, cand_emb) if self.use_rawcos else None, kn), att

    @staticmethod
    def rawcos(hist_emb, hist_mask, cand_emb):
        m = (hist_emb * hist_mask.unsqueeze(-1)).sum(1)
        m = m / m.norm(dim=-1, keepdim=True).clamp(min=1e-6)
        return m @ cand_emb.t()
