#!/usr/bin/env python3
"""Give a decoder's ONNX export a `num_logits_to_keep` input, as newer Hugging Face exports have.

    add-num-logits-to-keep.py MODEL.onnx [OUT.onnx]      (in place when OUT is left out)

Exports made by optimum (and our make-tiny-gpt2.py) compute the language-model head for every fed
position, although generation needs only the last one: for SmolLM2-135M the head is about a fifth
of a prompt pass's arithmetic. This rewrites the graph so the head runs on the last N positions of
the final hidden states, N being the new int64 scalar input `num_logits_to_keep`; N = 0 keeps every
position, so the graph computes exactly what it did before when asked for 0 (prompt scoring does).
The input name and meaning are transformers' (and transformers.js', which passes it when a model
declares it). helm-ts passes 1 for generation passes and 0 for scoring.

Idempotent: a model that already has the input is left as it is. Needs the `onnx` package.
"""
import sys

import onnx
from onnx import TensorProto, helper

INPUT = "num_logits_to_keep"


def head_matmul(graph: onnx.GraphProto) -> onnx.NodeProto:
    """The MatMul/Gemm that makes `logits` (through shape-keeping ops such as Cast, if any)."""
    producers = {out: node for node in graph.node for out in node.output}
    node = producers.get("logits")
    while node is not None and node.op_type not in ("MatMul", "Gemm"):
        node = producers.get(node.input[0])
    if node is None:
        raise SystemExit("no MatMul/Gemm found behind the output 'logits'; is this a causal-LM export?")
    return node


def add_input(model: onnx.ModelProto) -> bool:
    graph = model.graph
    if any(i.name == INPUT for i in graph.input):
        return False
    head = head_matmul(graph)
    hidden = head.input[0]
    kept = f"{hidden}_last_{INPUT}"
    graph.input.append(helper.make_tensor_value_info(INPUT, TensorProto.INT64, []))
    graph.initializer.extend(
        [
            helper.make_tensor(f"{INPUT}_axes0", TensorProto.INT64, [1], [0]),
            helper.make_tensor(f"{INPUT}_ends", TensorProto.INT64, [1], [2**63 - 1]),
            helper.make_tensor(f"{INPUT}_axes1", TensorProto.INT64, [1], [1]),
        ]
    )
    # starts = -N along the sequence axis; -0 == 0 keeps every position.
    new_nodes = [
        helper.make_node("Unsqueeze", [INPUT, f"{INPUT}_axes0"], [f"{INPUT}_1d"], name=f"/{INPUT}/Unsqueeze"),
        helper.make_node("Neg", [f"{INPUT}_1d"], [f"{INPUT}_starts"], name=f"/{INPUT}/Neg"),
        helper.make_node(
            "Slice", [hidden, f"{INPUT}_starts", f"{INPUT}_ends", f"{INPUT}_axes1"], [kept], name=f"/{INPUT}/Slice"
        ),
    ]
    index = list(graph.node).index(head)
    for offset, node in enumerate(new_nodes):
        graph.node.insert(index + offset, node)
    head.input[0] = kept
    for output in graph.output:
        if output.name == "logits" and len(output.type.tensor_type.shape.dim) >= 2:
            dim = output.type.tensor_type.shape.dim[1]
            dim.ClearField("dim_value")
            dim.dim_param = "kept_positions"
    return True


def main() -> None:
    if len(sys.argv) not in (2, 3):
        raise SystemExit(__doc__)
    source = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) == 3 else source
    model = onnx.load(source)
    changed = add_input(model)
    if not changed and target == source:
        print(f"{source} already has {INPUT}")
        return
    onnx.checker.check_model(model)
    onnx.save(model, target)
    print(f"wrote {target}" + ("" if changed else f" (already had {INPUT})"))


if __name__ == "__main__":
    main()
