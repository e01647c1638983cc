"""Int8 weight-only quantisation of an ONNX graph.

Each large weight initializer (MatMul/Gemm right-hand sides and the
Gather-ed word-embedding table) is stored as int8 with one fp32 scale per
output channel, and a DequantizeLinear node turns it back into fp32 in the
graph. Activations stay fp32, so every node is an ordinary float op
(DequantizeLinear, MatMul, Gather, ...) that the WebGPU execution provider
implements; onnxruntime's own dynamic quantisation would instead emit
DynamicQuantizeLinear/MatMulInteger, which WebGPU does not run.

Symmetric quantisation (zero point 0, range [-127, 127]): the weights are
roughly zero-centred, and a zero point of 0 means an all-zero row (the [PAD]
embedding) dequantises to exactly zero.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

# Smaller tensors (biases, LayerNorm, token-type embeddings) stay fp32:
# they are a few KB in total and quantising them only adds error.
MIN_ELEMENTS = 4096


def quantize_per_channel(w: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Returns (int8 weights, fp32 scale per slice along `axis`)."""
    reduce_axes = tuple(i for i in range(w.ndim) if i != axis)
    max_abs = np.abs(w).max(axis=reduce_axes)
    # An all-zero channel gets scale 1 (any value works; q is 0 there).
    scale = np.where(max_abs > 0, max_abs / 127.0, 1.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def _weight_uses(graph: onnx.GraphProto, initializers: dict) -> dict[str, int]:
    """Initializer name -> its output-channel axis, for weights worth quantising."""
    uses: dict[str, int] = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in initializers:
            uses[node.input[1]] = 1  # B is [K, N]: one scale per output column
        elif node.op_type == "Gemm" and node.input[1] in initializers:
            trans_b = next((a.i for a in node.attribute if a.name == "transB"), 0)
            uses[node.input[1]] = 0 if trans_b else 1
        elif node.op_type == "Gather" and node.input[0] in initializers:
            uses[node.input[0]] = 0  # embedding table [vocab, hidden]: one scale per token row
    return {name: axis for name, axis in uses.items() if initializers[name].size >= MIN_ELEMENTS}


def quantize_model(model: onnx.ModelProto) -> tuple[onnx.ModelProto, list[dict]]:
    """Returns the quantised model (a new proto) and a per-weight report."""
    model = onnx.ModelProto.FromString(model.SerializeToString())  # don't mutate the caller's
    graph = model.graph
    initializers = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    targets = _weight_uses(graph, initializers)

    # A weight shared by several consumers would still need only one DQ node;
    # renaming its consumers' inputs handles that case too.
    kept = [init for init in graph.initializer if init.name not in targets]
    del graph.initializer[:]
    graph.initializer.extend(kept)

    dq_nodes = []
    report = []
    for name, axis in targets.items():
        w = initializers[name].astype(np.float32)
        q, scale = quantize_per_channel(w, axis)
        graph.initializer.extend(
            [
                numpy_helper.from_array(q, f"{name}_quantized"),
                numpy_helper.from_array(scale, f"{name}_scale"),
                numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), f"{name}_zero_point"),
            ]
        )
        dq_nodes.append(
            helper.make_node(
                "DequantizeLinear",
                [f"{name}_quantized", f"{name}_scale", f"{name}_zero_point"],
                [f"{name}_dequantized"],
                name=f"{name}_DequantizeLinear",
                axis=axis,
            )
        )
        dequantized = q.astype(np.float32) * scale.reshape([-1 if i == axis else 1 for i in range(w.ndim)])
        report.append(
            {"name": name, "shape": list(w.shape), "axis": axis, "max_abs_error": float(np.abs(dequantized - w).max())}
        )

    for node in graph.node:
        for i, inp in enumerate(node.input):
            if inp in targets:
                node.input[i] = f"{inp}_dequantized"

    # DQ nodes only read initializers, so putting them first keeps the node
    # list topologically sorted.
    nodes = dq_nodes + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)

    onnx.checker.check_model(model)
    return model, report
