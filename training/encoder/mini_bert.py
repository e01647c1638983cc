"""A small BERT encoder (post-LN, GELU, learned absolute positions).

Written out by hand instead of using `transformers.BertModel` so it needs only
torch, and so the exported ONNX graph stays small and predictable. Parameter
names follow Hugging Face BERT where the structure is the same; the one
difference is the fused q/k/v projection (`attention.qkv`), which gives one
MatMul per layer instead of three.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn


@dataclass
class MiniBertConfig:
    vocab_size: int = 30522
    hidden_size: int = 128
    num_hidden_layers: int = 2
    num_attention_heads: int = 4
    intermediate_size: int = 512
    max_position_embeddings: int = 128
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    initializer_range: float = 0.02
    pad_token_id: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


# Added to the attention scores of padded keys. -1e4 is what the original BERT
# used: exp(-1e4) is exactly 0 in fp32, and unlike finfo(fp32).min it cannot
# overflow to -inf (NaN on fully masked rows) or break an fp16 conversion.
MASK_VALUE = -10000.0


class Embeddings(nn.Module):
    def __init__(self, cfg: MiniBertConfig):
        super().__init__()
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden_size, padding_idx=cfg.pad_token_id)
        self.position_embeddings = nn.Embedding(cfg.max_position_embeddings, cfg.hidden_size)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab_size, cfg.hidden_size)
        self.LayerNorm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        # Sliced to the sequence length in forward(); traced as Shape->Slice so
        # the ONNX sequence axis stays dynamic.
        self.register_buffer(
            "position_ids", torch.arange(cfg.max_position_embeddings).unsqueeze(0), persistent=False
        )

    def forward(self, input_ids, token_type_ids):
        seq_len = input_ids.size(1)
        positions = self.position_ids[:, :seq_len]
        x = (
            self.word_embeddings(input_ids)
            + self.position_embeddings(positions)
            + self.token_type_embeddings(token_type_ids)
        )
        return self.LayerNorm(x)


class SelfAttention(nn.Module):
    def __init__(self, cfg: MiniBertConfig):
        super().__init__()
        self.num_heads = cfg.num_attention_heads
        self.head_dim = cfg.hidden_size // cfg.num_attention_heads
        self.qkv = nn.Linear(cfg.hidden_size, 3 * cfg.hidden_size)
        self.output = nn.Linear(cfg.hidden_size, cfg.hidden_size)

    def forward(self, x, additive_mask):
        batch, seq_len, hidden = x.size()
        qkv = self.qkv(x).view(batch, seq_len, 3, self.num_heads, self.head_dim)
        # [3, batch, heads, seq, head_dim]; unbind (not tuple-unpacking a
        # tensor) so tracing records one op instead of three index ops.
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        probs = torch.softmax(scores + additive_mask, dim=-1)
        context = torch.matmul(probs, v).transpose(1, 2).reshape(batch, seq_len, hidden)
        return self.output(context)


class Layer(nn.Module):
    """Post-LN transformer block, as in BERT: x = LN(x + f(x))."""

    def __init__(self, cfg: MiniBertConfig):
        super().__init__()
        self.attention = SelfAttention(cfg)
        self.attention_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)
        self.intermediate = nn.Linear(cfg.hidden_size, cfg.intermediate_size)
        self.act = nn.GELU()  # exact (erf) GELU, like BERT's "gelu"
        self.output = nn.Linear(cfg.intermediate_size, cfg.hidden_size)
        self.output_norm = nn.LayerNorm(cfg.hidden_size, eps=cfg.layer_norm_eps)

    def forward(self, x, additive_mask):
        x = self.attention_norm(x + self.attention(x, additive_mask))
        return self.output_norm(x + self.output(self.act(self.intermediate(x))))


class MiniBert(nn.Module):
    """Returns last_hidden_state [batch, seq, hidden]; pooling is the caller's job."""

    def __init__(self, cfg: MiniBertConfig):
        super().__init__()
        self.config = cfg
        self.embeddings = Embeddings(cfg)
        self.layers = nn.ModuleList(Layer(cfg) for _ in range(cfg.num_hidden_layers))

    def forward(self, input_ids, attention_mask, token_type_ids):
        # [batch, 1, 1, seq]: 0 for real keys, MASK_VALUE for padding; it
        # broadcasts over heads and query positions.
        keep = attention_mask[:, None, None, :].to(torch.float32)
        additive_mask = (1.0 - keep) * MASK_VALUE
        x = self.embeddings(input_ids, token_type_ids)
        for layer in self.layers:
            x = layer(x, additive_mask)
        return x


def init_bert_weights(model: nn.Module, std: float) -> None:
    """BERT's init: N(0, std) weights, zero biases, identity LayerNorm, zero [PAD] row."""
    for module in model.modules():
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=std)
            nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=std)
            if module.padding_idx is not None:
                with torch.no_grad():
                    module.weight[module.padding_idx].zero_()
        elif isinstance(module, nn.LayerNorm):
            nn.init.ones_(module.weight)
            nn.init.zeros_(module.bias)


def build_seeded_model(cfg: MiniBertConfig, seed: int = 0) -> MiniBert:
    """The untrained v0 weights: deterministic for a given seed and torch version."""
    torch.manual_seed(seed)
    model = MiniBert(cfg)
    init_bert_weights(model, cfg.initializer_range)
    return model.eval()


def mean_pool(last_hidden_state: torch.Tensor, attention_mask: torch.Tensor, normalize: bool = True):
    """Masked mean over the sequence, then L2 normalisation (what the runtime does)."""
    mask = attention_mask.unsqueeze(-1).to(last_hidden_state.dtype)
    pooled = (last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1) if normalize else pooled


class SentenceEncoder(nn.Module):
    """MiniBert + masked mean pooling + L2 normalisation, all inside the graph.

    Inputs input_ids / attention_mask (int64 [batch, seq]); token types are
    always 0 for single sentences, so they are made inside the graph. Output:
    sentence_embedding [batch, hidden], unit length.
    """

    def __init__(self, cfg: MiniBertConfig):
        super().__init__()
        self.bert = MiniBert(cfg)

    def forward(self, input_ids, attention_mask):
        hidden = self.bert(input_ids, attention_mask, torch.zeros_like(input_ids))
        return mean_pool(hidden, attention_mask, normalize=True)
