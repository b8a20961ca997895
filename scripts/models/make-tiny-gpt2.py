#!/usr/bin/env python3
"""Write a GPT-2 model folder that transformers.js (and so helm-ts's HuggingFaceClient) can load.

Two uses:
  make-tiny-gpt2.py --out test/fixtures/models/tiny-gpt2
      a tiny GPT-2 with random weights (seeded) and GPT-2's real vocabulary size, so the GPT-2
      tokenizer applies; small enough to commit (n_embd=16, 2 layers, 2 heads: ~3.4 MB).
  make-tiny-gpt2.py --from /path/to/pretrained/gpt2 --out /path/to/gpt2-onnx
      the same export of a real pretrained GPT-2 checkpoint folder (PyTorch weights), giving the
      same layout, inputs and outputs as the tiny model.

The folder gets what transformers.js reads: config.json, generation_config.json and
onnx/model.onnx, whose inputs and outputs follow the naming the Hugging Face ONNX exports use
(input_ids, attention_mask, position_ids, past_key_values.<i>.key/value -> logits,
present.<i>.key/value), so onnx-community/Xenova GPT-2 exports load the same way. It also gets
reference.json: PyTorch's own next-token logprobs and greedy continuation for a fixed prompt,
which the TypeScript tests compare the ONNX path against.

Needs: torch, transformers, onnx (and onnxruntime for the self-check). A venv outside the clone:
  python3 -m venv /root/.cache/helm-ts/model-venv
  /root/.cache/helm-ts/model-venv/bin/pip install torch transformers onnx onnxscript onnxruntime
"""
import argparse
import json
import math
import os

import torch
from torch import nn
from transformers import GPT2Config, GPT2LMHeadModel

# Token ids of HELM's adaptation.md example sentence ("The Center for Research on Foundation
# Models (CRFM) is ..."), fixed here so the reference needs no tokenizer in Python.
REFERENCE_PROMPT_IDS = [464, 3337, 329, 4992, 319, 5693, 32329, 357, 9419, 23264, 8, 318]
GREEDY_STEPS = 8
TOP_K = 5


class ExportableGpt2(nn.Module):
    """GPT-2's forward pass with explicit past keys/values in and present keys/values out.

    Written out (rather than tracing GPT2LMHeadModel) so the exported graph has exactly the
    inputs and outputs transformers.js feeds, including an empty past on the first step.
    """

    def __init__(self, model: GPT2LMHeadModel):
        super().__init__()
        self.model = model.transformer
        self.lm_head = model.lm_head
        cfg = model.config
        self.n_head = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.eps = cfg.layer_norm_epsilon

    def _attention(self, block, x, past_k, past_v, mask):
        b, s, e = x.shape
        qkv = block.attn.c_attn(x)
        q, k, v = qkv.split(e, dim=2)

        def heads(t):
            return t.view(b, s, self.n_head, self.head_dim).transpose(1, 2)

        q, k, v = heads(q), heads(k), heads(v)
        k = torch.cat([past_k, k], dim=2)
        v = torch.cat([past_v, v], dim=2)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        scores = scores + mask
        probs = torch.softmax(scores, dim=-1)
        out = torch.matmul(probs, v).transpose(1, 2).reshape(b, s, e)
        return block.attn.c_proj(out), k, v

    def forward(self, input_ids, attention_mask, position_ids, *past):
        t = self.model
        x = t.wte(input_ids) + t.wpe(position_ids)
        s = input_ids.shape[1]
        total = attention_mask.shape[1]
        past_len = total - s
        # Causal mask over [past + current] keys, combined with the padding mask.
        q_pos = torch.arange(s).unsqueeze(1) + past_len
        k_pos = torch.arange(total).unsqueeze(0)
        causal = (k_pos <= q_pos).unsqueeze(0).unsqueeze(0)
        keep = causal & (attention_mask[:, None, None, :] > 0)
        neg = torch.tensor(torch.finfo(torch.float32).min)
        mask = torch.where(keep, torch.tensor(0.0), neg)
        presents = []
        for i, block in enumerate(t.h):
            a, k, v = self._attention(block, block.ln_1(x), past[2 * i], past[2 * i + 1], mask)
            x = x + a
            x = x + block.mlp(block.ln_2(x))
            presents += [k, v]
        # lm_head is tied to wte; F.linear on wte itself keeps one copy of the matrix in the file.
        logits = nn.functional.linear(t.ln_f(x), t.wte.weight)
        return (logits, *presents)


def build_model(args) -> GPT2LMHeadModel:
    if args.from_checkpoint:
        return GPT2LMHeadModel.from_pretrained(args.from_checkpoint).eval()
    torch.manual_seed(args.seed)
    cfg = GPT2Config(
        vocab_size=50257,
        n_positions=1024,
        n_embd=args.n_embd,
        n_layer=args.n_layer,
        n_head=args.n_head,
        bos_token_id=50256,
        eos_token_id=50256,
    )
    model = GPT2LMHeadModel(cfg).eval()
    # Random init gives near-uniform next-token distributions; a larger output scale makes the
    # greedy continuation and the logprobs distinctive enough to test against.
    with torch.no_grad():
        model.transformer.wte.weight.mul_(args.embedding_scale)
    return model


def export(model: GPT2LMHeadModel, out_dir: str) -> str:
    cfg = model.config
    wrapper = ExportableGpt2(model).eval()
    n_layer, n_head, head_dim = cfg.n_layer, cfg.n_head, cfg.n_embd // cfg.n_head
    b, s, p = 2, 3, 4
    past = []
    for _ in range(n_layer):
        past += [torch.randn(b, n_head, p, head_dim), torch.randn(b, n_head, p, head_dim)]
    inputs = (
        torch.randint(0, cfg.vocab_size, (b, s)),
        torch.ones(b, p + s, dtype=torch.int64),
        torch.arange(p, p + s).unsqueeze(0).expand(b, s).contiguous(),
        *past,
    )
    past_names, present_names = [], []
    for i in range(n_layer):
        past_names += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        present_names += [f"present.{i}.key", f"present.{i}.value"]
    dynamic_axes = {
        "input_ids": {0: "batch_size", 1: "sequence_length"},
        "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
        "position_ids": {0: "batch_size", 1: "sequence_length"},
        "logits": {0: "batch_size", 1: "sequence_length"},
    }
    for name in past_names:
        dynamic_axes[name] = {0: "batch_size", 2: "past_sequence_length"}
    for name in present_names:
        dynamic_axes[name] = {0: "batch_size", 2: "total_sequence_length"}
    os.makedirs(os.path.join(out_dir, "onnx"), exist_ok=True)
    path = os.path.join(out_dir, "onnx", "model.onnx")
    torch.onnx.export(
        wrapper,
        inputs,
        path,
        input_names=["input_ids", "attention_mask", "position_ids", *past_names],
        output_names=["logits", *present_names],
        dynamic_axes=dynamic_axes,
        opset_version=17,
        dynamo=False,
        # Folding would store the transposed (tied) embedding as a second initializer.
        do_constant_folding=False,
    )
    return path


def reference(model: GPT2LMHeadModel) -> dict:
    """PyTorch's logprobs on the reference prompt and its greedy continuation."""
    ids = torch.tensor([REFERENCE_PROMPT_IDS])
    with torch.no_grad():
        logits = model(ids).logits[0]
        logprobs = torch.log_softmax(logits.double(), dim=-1)
        prompt_logprobs = [0.0] + [logprobs[i, REFERENCE_PROMPT_IDS[i + 1]].item() for i in range(len(REFERENCE_PROMPT_IDS) - 1)]
        top = torch.topk(logprobs[-1], TOP_K)
        seq = list(REFERENCE_PROMPT_IDS)
        greedy, greedy_logprobs = [], []
        for _ in range(GREEDY_STEPS):
            lp = torch.log_softmax(model(torch.tensor([seq])).logits[0, -1].double(), dim=-1)
            nxt = int(torch.argmax(lp))
            greedy.append(nxt)
            greedy_logprobs.append(lp[nxt].item())
            seq.append(nxt)
    return {
        "prompt_ids": REFERENCE_PROMPT_IDS,
        "prompt_logprobs": prompt_logprobs,
        "last_top_ids": [int(i) for i in top.indices],
        "last_top_logprobs": [float(v) for v in top.values],
        "greedy_ids": greedy,
        "greedy_logprobs": greedy_logprobs,
    }


def self_check(model_path: str, model: GPT2LMHeadModel) -> float:
    """Largest |ONNX - PyTorch| logit on the reference prompt, with an empty past (as transformers.js)."""
    try:
        import numpy as np
        import onnxruntime as ort
    except ImportError:
        return float("nan")
    cfg = model.config
    sess = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    ids = np.array([REFERENCE_PROMPT_IDS], dtype=np.int64)
    feeds = {
        "input_ids": ids,
        "attention_mask": np.ones_like(ids),
        "position_ids": np.arange(ids.shape[1], dtype=np.int64)[None, :],
    }
    empty = np.zeros((1, cfg.n_head, 0, cfg.n_embd // cfg.n_head), dtype=np.float32)
    for i in range(cfg.n_layer):
        feeds[f"past_key_values.{i}.key"] = empty
        feeds[f"past_key_values.{i}.value"] = empty
    if "num_logits_to_keep" in {i.name for i in sess.get_inputs()}:
        feeds["num_logits_to_keep"] = np.array(0, dtype=np.int64)  # every position
    onnx_logits = sess.run(["logits"], feeds)[0]
    with torch.no_grad():
        torch_logits = model(torch.tensor(ids)).logits.numpy()
    return float(np.abs(onnx_logits - torch_logits).max())


def copy_tokenizer(src: str, out: str) -> None:
    """A published checkpoint's tokenizer, saved as the fast tokenizer.json that transformers.js reads."""
    try:
        from transformers import AutoTokenizer

        AutoTokenizer.from_pretrained(src).save_pretrained(out)
    except (OSError, ValueError) as e:
        print(f"no tokenizer copied from {src}: {e}")


def add_num_logits_to_keep(onnx_path: str) -> None:
    """The rewrite of add-num-logits-to-keep.py (beside this script), in place."""
    import importlib.util

    import onnx

    spec = importlib.util.spec_from_file_location("add_num_logits_to_keep", os.path.join(os.path.dirname(__file__), "add-num-logits-to-keep.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = onnx.load(onnx_path)
    if module.add_input(model):
        onnx.save(model, onnx_path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--from", dest="from_checkpoint", help="a pretrained GPT-2 checkpoint folder to export instead")
    parser.add_argument("--n-embd", type=int, default=16)
    parser.add_argument("--n-layer", type=int, default=2)
    parser.add_argument("--n-head", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save-pytorch", action="store_true", help="also save the PyTorch weights (model.safetensors), so Python HELM can load the folder too")
    parser.add_argument("--embedding-scale", type=float, default=60.0)
    parser.add_argument(
        "--num-logits-to-keep",
        action="store_true",
        help="add the num_logits_to_keep input (add-num-logits-to-keep.py): the head runs on the last positions only",
    )
    args = parser.parse_args()

    model = build_model(args)
    os.makedirs(args.out, exist_ok=True)
    model.config.to_json_file(os.path.join(args.out, "config.json"))
    model.generation_config.to_json_file(os.path.join(args.out, "generation_config.json"))
    path = export(model, args.out)
    if args.num_logits_to_keep:
        add_num_logits_to_keep(path)
    if args.save_pytorch:
        model.save_pretrained(args.out)
    if args.from_checkpoint:
        copy_tokenizer(args.from_checkpoint, args.out)
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(reference(model), f, indent=2)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes); max |onnx - torch| logit = {self_check(path, model):.3g}")


if __name__ == "__main__":
    main()
