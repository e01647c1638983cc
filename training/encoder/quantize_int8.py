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


# -- dynamic int8 (for the WASM backend) ------------------------------------------


def quantize_dynamic(model: onnx.ModelProto) -> tuple[onnx.ModelProto, list[dict]]:
    """Dynamic int8: activations quantised at run time, weights stored as int8.

    - MatMul(A, W) with W an initializer [K, N] becomes
        DynamicQuantizeLinear(A) -> (A_q uint8, a_scale, a_zp)
        MatMulInteger(A_q, W_q int8, a_zp) -> int32 -> Cast fp32 -> Mul(a_scale * w_scale[N])
      (symmetric per-output-column weight scales, zero point 0), the pattern
      onnxruntime's own quantize_dynamic emits; ORT's CPU/WASM kernels run it
      with integer GEMMs.
    - The word-embedding Gather reads the int8 table and dequantises only the
      gathered rows (Gather the per-row scales, Cast, Mul), instead of turning
      the whole table back into fp32 on every run.
    Everything else stays fp32. WebGPU would put the integer ops on the CPU:
    this variant is for the WASM backend only.
    """
    model = onnx.ModelProto.FromString(model.SerializeToString())
    graph = model.graph
    initializers = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    targets = _weight_uses(graph, initializers)
    kept = [init for init in graph.initializer if init.name not in targets]
    del graph.initializer[:]
    graph.initializer.extend(kept)

    new_nodes = []
    report = []
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in targets:
            a, w_name = node.input
            w = initializers[w_name].astype(np.float32)
            q, scale = quantize_per_channel(w, 1)
            p = node.name or w_name
            graph.initializer.extend(
                [numpy_helper.from_array(q, f"{w_name}_quantized"), numpy_helper.from_array(scale, f"{w_name}_scale")]
            )
            new_nodes += [
                helper.make_node("DynamicQuantizeLinear", [a], [f"{p}_a_q", f"{p}_a_scale", f"{p}_a_zp"], name=f"{p}_dql"),
                helper.make_node(
                    "MatMulInteger", [f"{p}_a_q", f"{w_name}_quantized", f"{p}_a_zp"], [f"{p}_int32"], name=f"{p}_mmi"
                ),
                helper.make_node("Cast", [f"{p}_int32"], [f"{p}_f32"], name=f"{p}_cast", to=onnx.TensorProto.FLOAT),
                helper.make_node("Mul", [f"{p}_a_scale", f"{w_name}_scale"], [f"{p}_scale"], name=f"{p}_scale_mul"),
                helper.make_node("Mul", [f"{p}_f32", f"{p}_scale"], list(node.output), name=f"{p}_rescale"),
            ]
            report.append({"name": w_name, "shape": list(w.shape), "op": "MatMulInteger"})
        elif node.op_type == "Gather" and node.input[0] in targets:
            t_name, ids = node.input
            w = initializers[t_name].astype(np.float32)
            q, scale = quantize_per_channel(w, 0)
            p = node.name or t_name
            graph.initializer.extend(
                [
                    numpy_helper.from_array(q, f"{t_name}_quantized"),
                    numpy_helper.from_array(scale.reshape(-1, 1), f"{t_name}_row_scale"),
                ]
            )
            new_nodes += [
                helper.make_node("Gather", [f"{t_name}_quantized", ids], [f"{p}_q"], name=f"{p}_gather_q", axis=0),
                helper.make_node("Gather", [f"{t_name}_row_scale", ids], [f"{p}_s"], name=f"{p}_gather_s", axis=0),
                helper.make_node("Cast", [f"{p}_q"], [f"{p}_f"], name=f"{p}_cast", to=onnx.TensorProto.FLOAT),
                helper.make_node("Mul", [f"{p}_f", f"{p}_s"], list(node.output), name=f"{p}_dequant"),
            ]
            report.append({"name": t_name, "shape": list(w.shape), "op": "Gather int8 rows"})
        else:
            if any(i in targets for i in node.input):
                raise ValueError(f"unhandled use of a quantised weight in {node.op_type} {node.name}")
            new_nodes.append(node)
    del graph.node[:]
    graph.node.extend(new_nodes)
    onnx.checker.check_model(model)
    return model, report
