import fs from 'node:fs';
import path from 'node:path';
import type { PreTrainedModel, Tensor } from '@huggingface/transformers';
import { transformersJs } from '../../tokenizers/huggingface-tokenizer';
import { commonPrefixLength as commonPrefix, copyRow, MIN_REUSED_TOKENS, PrefixCache, prefixCacheEnabled, tileRows, type KvBlock, type KvData, type PrefixEntry } from './prefix-cache';
import { compactKv, kvRefOf, StepBatcher, type KvRef } from './step-batcher';
import { logSoftmaxAt } from './warpers';

/** Logits of the fed positions: `data` is row-major [rows][positions][vocab]. */
export interface Logits {
  data: Float32Array;
  rows: number;
  positions: number;
  vocab: number;
}

/** One generation's view of a decoder: feed tokens, get the next-token logits; earlier tokens stay cached. */
export interface DecoderSession {
  /**
   * Appends `tokens` (one equal-length list per row) after everything fed before and returns the
   * logits of each row's last position only (positions = 1): a long prompt's full logits tensor
   * (positions x vocabulary) is dropped at once rather than kept.
   */
  feed(tokens: readonly (readonly number[])[]): Promise<Logits>;
}

/** What generation needs from a causal language model. */
export interface CausalLm {
  newSession(): DecoderSession;
  /**
   * HELM's prompt logprobs: 0.0 for the first token, then log p(token i+1 | tokens ≤ i), computed as
   * soon as the logits exist (they are not kept); concurrent calls may share one forward pass.
   */
  scorePrompt(ids: readonly number[]): Promise<number[]>;
  /** Forward passes and prompts of `scorePrompt` so far (how well batching works). */
  readonly promptStats: { batches: number; prompts: number };
  /** Prompt prefixes reused from earlier prompts (undefined when reuse is off). */
  readonly prefixStats?: PrefixCache['stats'];
  /** Forward passes and rows of generation steps so far (rows per pass: how well batching works). */
  readonly stepStats?: { passes: number; rows: number };
  /**
   * generation_config.json's values that change sampling (Hugging Face's defaults otherwise):
   * top_k, and every id of eos_token_id (an int or a list), where generate() stops.
   */
  readonly generationDefaults: GenerationDefaults;
  /** The model's context size (config.json `n_positions`/`max_position_embeddings`), if known. */
  readonly maxPositions?: number;
}

export interface GenerationDefaults {
  topK: number;
  eosTokenIds: number[];
}

type ModelOutputs = Record<string, Tensor>;

/** Frees an ONNX output tensor's memory now rather than at garbage collection. */
function dispose(tensor: Tensor | undefined): void {
  (tensor as { dispose?: () => void } | undefined)?.dispose?.();
}

/** Row `row`'s keys/values for its first `positions` positions, or undefined if the layout is not [rows, heads, seq, headDim]. */
function snapshotRow(outputs: ModelOutputs, row: number, positions: number): Map<string, KvBlock> | undefined {
  const kv = new Map<string, KvBlock>();
  for (const [name, tensor] of Object.entries(outputs)) {
    if (!name.startsWith('present')) continue;
    if (tensor.dims.length !== 4 || tensor.dims[2] < positions) return undefined;
    kv.set(name.replace('present', 'past_key_values'), copyRow(tensor.data as KvData, tensor.dims, row, positions, tensor.type));
  }
  return kv.size > 0 ? kv : undefined;
}

/** An entry's first `positions` positions as the model's past inputs, one copy per row. */
function pastFrom(entry: PrefixEntry, positions: number, rows: number): ModelOutputs {
  const { Tensor: TensorCtor } = transformersJs();
  const past: ModelOutputs = {};
  for (const [name, block] of entry.kv) {
    const { data, dims } = tileRows(block, positions, rows);
    past[name] = new TensorCtor(block.type as 'float32', data, dims);
  }
  return past;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Largest logits tensor one batched prompt pass may produce (rows x longest prompt x vocab x 4 bytes). */
const MAX_BATCH_LOGITS_BYTES = 256 * 1024 * 1024;
const MAX_BATCH_ROWS = 16;

interface PendingPrompt {
  ids: readonly number[];
  resolve: (logprobs: number[]) => void;
  reject: (error: unknown) => void;
}

/** A transformers.js ONNX decoder fed with explicit past keys/values (KV cache). */
class TransformersCausalLm implements CausalLm {
  private pending: PendingPrompt[] = [];
  readonly promptStats = { batches: 0, prompts: 0 };
  private readonly prefixes = prefixCacheEnabled() ? new PrefixCache() : undefined;
  readonly prefixStats = this.prefixes?.stats;
  private readonly steps: StepBatcher;
  /** Prompts whose first pass is running (their keys/values are stored when it ends). */
  private readonly promptsRunning: { ids: readonly number[]; done: Promise<void> }[] = [];

  constructor(
    private readonly model: PreTrainedModel,
    readonly generationDefaults: GenerationDefaults,
    readonly maxPositions?: number,
  ) {
    const vocab = Number((model.config as unknown as Record<string, unknown>).vocab_size) || 1;
    this.steps = new StepBatcher(model, vocab);
  }

  /** Forward passes and rows of generation steps (rows per pass: how well batching works). */
  get stepStats(): StepBatcher['stats'] {
    return this.steps.stats;
  }

  /**
   * Prompt-only scoring (language modelling, echo with max_tokens 0) is batched: prompts that
   * arrive in the same turn of the event loop (concurrent requests of a batch) run as one
   * right-padded forward pass. Causal attention means padding after a prompt cannot change its logits.
   */
  scorePrompt(ids: readonly number[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ids, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const queue = this.pending;
    this.pending = [];
    const vocab = Number((this.model.config as unknown as Record<string, unknown>).vocab_size) || 1;
    while (queue.length > 0) {
      const batch: PendingPrompt[] = [];
      let longest = 0;
      while (queue.length > 0 && batch.length < MAX_BATCH_ROWS) {
        const next = Math.max(longest, queue[0].ids.length);
        if (batch.length > 0 && (batch.length + 1) * next * vocab * 4 > MAX_BATCH_LOGITS_BYTES) break;
        longest = next;
        batch.push(queue.shift() as PendingPrompt);
      }
      this.runBatch(batch).catch((error: unknown) => batch.forEach((p) => p.reject(error)));
    }
  }

  private async runBatch(batch: PendingPrompt[]): Promise<void> {
    const { Tensor: TensorCtor } = transformersJs();
    const rows = batch.length;
    this.promptStats.batches += 1;
    this.promptStats.prompts += rows;
    // Positions up to `reused` come from an earlier prompt; their logprobs too, so `reused` stops
    // one short of the shared prefix (the first fed token's logprob needs the position before it).
    const hit = this.prefixes?.lookup(batch[0].ids, true);
    let reused = 0;
    if (hit?.entry.promptLogprobs !== undefined) {
      reused = Math.min(...batch.map((p) => Math.min(commonPrefix(hit.entry.ids, p.ids) - 1, p.ids.length - 1)));
      if (reused < MIN_REUSED_TOKENS) reused = 0;
    }
    const suffixes = batch.map((p) => p.ids.slice(reused));
    const longest = Math.max(...suffixes.map((ids) => ids.length));
    const ids = new BigInt64Array(rows * longest);
    const mask = new BigInt64Array(rows * (reused + longest));
    suffixes.forEach((suffix, r) => {
      suffix.forEach((id, i) => (ids[r * longest + i] = BigInt(id)));
      mask.fill(1n, r * (reused + longest), r * (reused + longest) + reused + suffix.length);
    });
    const outputs = (await this.model.forward({
      input_ids: new TensorCtor('int64', ids, [rows, longest]),
      attention_mask: new TensorCtor('int64', mask, [rows, reused + longest]),
      // Scoring needs every position's logits (0 keeps all, for exports that can keep fewer).
      num_logits_to_keep: new TensorCtor('int64', [0n], []),
      ...(reused > 0 && hit ? { past_key_values: pastFrom(hit.entry, reused, rows) } : {}),
    })) as ModelOutputs;
    this.prefixes?.record(reused * rows, suffixes.reduce((n, suffix) => n + suffix.length, 0));
    const data = outputs.logits.data as Float32Array;
    const vocab = outputs.logits.dims[2];
    const results = suffixes.map((suffix, r) => {
      const logprobs = reused > 0 && hit?.entry.promptLogprobs ? hit.entry.promptLogprobs.slice(0, reused + 1) : [0.0];
      for (let i = 0; i + 1 < suffix.length; i++) {
        const start = (r * longest + i) * vocab;
        logprobs.push(logSoftmaxAt(data.subarray(start, start + vocab), suffix[i + 1]));
      }
      return logprobs;
    });
    batch.forEach((p, r) => {
      if (!this.prefixes || p.ids.length < MIN_REUSED_TOKENS || this.prefixes.covers(p.ids, true)) return;
      const kv = snapshotRow(outputs, r, p.ids.length);
      if (kv) this.prefixes.store({ ids: p.ids, kv, promptLogprobs: results[r] });
    });
    for (const tensor of Object.values(outputs)) dispose(tensor);
    batch.forEach((p, r) => p.resolve(results[r]));
  }

  newSession(): DecoderSession {
    let kv: KvRef[] = [];
    return {
      feed: async (tokens) => {
        const rows = tokens.length;
        const prompt = kv.length === 0 && rows > 0 && tokens.every((row) => sameIds(row, tokens[0])) ? tokens[0] : undefined;
        let past: KvRef | undefined;
        let reused = 0;
        let finished: (() => void) | undefined;
        if (prompt !== undefined && this.prefixes) {
          let hit = this.prefixes.lookup(prompt, false);
          // Prompts that arrive together (a batch's requests) would each run the shared prefix:
          // wait for one already running that shares more, then take its keys/values.
          const running = this.promptsRunning.find((other) => commonPrefix(other.ids, prompt) > Math.max(hit?.shared ?? 0, MIN_REUSED_TOKENS));
          if (running) {
            await running.done;
            hit = this.prefixes.lookup(prompt, false);
          }
          // At least the last prompt token is run: its logits are what generation needs.
          reused = hit ? Math.min(hit.shared, prompt.length - 1) : 0;
          if (hit && reused >= MIN_REUSED_TOKENS) past = kvRefOf(hit.entry.kv, reused);
          else reused = 0;
          const entry = { ids: prompt, done: new Promise<void>((resolve) => (finished = resolve)) };
          this.promptsRunning.push(entry);
          void entry.done.then(() => this.promptsRunning.splice(this.promptsRunning.indexOf(entry), 1));
        }
        let results;
        try {
          results = await this.steps.run(
            tokens.map((row, r) => (kv.length > 0 ? { past: kv[r], tokens: row } : { past, tokens: row.slice(reused) })),
          );
        } catch (error) {
          finished?.();
          throw error;
        }
        kv = results.map((result) => result.kv);
        if (prompt !== undefined && this.prefixes) {
          this.prefixes.record(reused * rows, (prompt.length - reused) * rows);
          if (prompt.length >= MIN_REUSED_TOKENS && !this.prefixes.covers(prompt, false)) this.prefixes.store({ ids: prompt, kv: compactKv(kv[0]) });
        }
        finished?.();
        const vocab = results[0]?.logits.length ?? 0;
        const data = new Float32Array(rows * vocab);
        results.forEach((result, r) => data.set(result.logits, r * vocab));
        return { data, rows, positions: 1, vocab };
      },
    };
  }
}

function readJsonIfExists(file: string): Record<string, unknown> {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && typeof v[0] === 'number') return v[0];
  return undefined;
}

/** An id or a list of ids (generation_config's eos_token_id), as a list. */
function asIds(v: unknown): number[] | undefined {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  return undefined;
}

/** Options that reach transformers.js's `from_pretrained` from the deployment's client args. */
export interface LoadOptions {
  /** ONNX weights variant (transformers.js `dtype`: fp32, fp16, q8, ...); fp32 by default. */
  dtype?: string;
  revision?: string;
}

/**
 * The Hugging Face conventions users know, applied to transformers.js: the cache under `HF_HOME`
 * (default ~/.cache/huggingface; transformers.js files in its `transformers.js/` folder, since
 * their layout differs from Python's hub cache), `HF_HUB_OFFLINE=1` (never download), and
 * `HF_TOKEN` for gated models (read by transformers.js itself).
 */
export function configureHub(processEnv: NodeJS.ProcessEnv = process.env): { cacheDir: string; offline: boolean } {
  const { env } = transformersJs();
  const home = processEnv.HF_HOME || path.join(processEnv.HOME || '.', '.cache', 'huggingface');
  env.cacheDir = path.join(home, 'transformers.js');
  const offline = processEnv.HF_HUB_OFFLINE === '1' || processEnv.HF_HUB_OFFLINE === 'true';
  env.allowRemoteModels = !offline;
  return { cacheDir: env.cacheDir, offline };
}

/** Download progress on stderr, one line per file per 10 %, as HELM's hub downloads show a bar. */
function downloadProgress(): (data: { status?: string; file?: string; progress?: number; total?: number }) => void {
  const shown = new Map<string, number>();
  return (data) => {
    if (data.status !== 'progress' || data.file === undefined || data.progress === undefined) return;
    const step = Math.floor(data.progress / 10) * 10;
    if ((shown.get(data.file) ?? -1) >= step) return;
    shown.set(data.file, step);
    const size = data.total ? ` of ${(data.total / 1e6).toFixed(1)} MB` : '';
    process.stderr.write(`Downloading ${data.file}: ${step}%${size}\n`);
  };
}

async function load(source: string, options: LoadOptions): Promise<CausalLm> {
  const { AutoModelForCausalLM, env } = transformersJs();
  configureHub();
  const isLocal = fs.existsSync(source);
  const location = isLocal ? path.resolve(source) : source;
  if (isLocal) env.allowLocalModels = true;
  const model = await AutoModelForCausalLM.from_pretrained(location, {
    local_files_only: isLocal,
    ...(isLocal ? {} : { progress_callback: downloadProgress() }),
    // transformers.js's own typing of dtype is a closed union; the value comes from YAML.
    dtype: (options.dtype ?? 'fp32') as 'fp32',
    device: 'cpu',
    ...(options.revision ? { revision: options.revision } : {}),
  });
  // Hugging Face's generate() takes top_k and eos from generation_config.json, else top_k=50.
  const generation = isLocal ? readJsonIfExists(path.join(location, 'generation_config.json')) : {};
  const config = model.config as unknown as Record<string, unknown>;
  const topK = asNumber(generation.top_k) ?? 50;
  const eosTokenIds = asIds(generation.eos_token_id) ?? asIds(config.eos_token_id) ?? [];
  const maxPositions = asNumber(config.n_positions) ?? asNumber(config.max_position_embeddings);
  return new TransformersCausalLm(model, { topK, eosTokenIds }, maxPositions);
}

const loaded = new Map<string, Promise<CausalLm>>();

/**
 * The model at `source` (a local folder or a hub id), loaded once per process and shared by every
 * client of it, like HELM's HuggingFaceServerFactory. A failed load is forgotten so it can be retried.
 */
export function loadCausalLm(source: string, options: LoadOptions = {}): Promise<CausalLm> {
  const key = JSON.stringify([source, options.dtype ?? 'fp32', options.revision ?? '']);
  let model = loaded.get(key);
  if (!model) {
    model = load(source, options);
    model.catch(() => loaded.delete(key));
    loaded.set(key, model);
  }
  return model;
}

/** Set to 1 to let workers download models missing from the local cache from the Hugging Face Hub. */
export const DOWNLOAD_ENV = 'HELM_HUGGINGFACE_DOWNLOAD';

function hasOnnxWeights(dir: string): boolean {
  const onnxDir = path.join(dir, 'onnx');
  return fs.existsSync(onnxDir) && fs.readdirSync(onnxDir).some((f) => f.endsWith('.onnx'));
}

/**
 * Why the weights of `source` cannot be loaded here, or undefined when they can: a local folder
 * needs an ONNX export (onnx/model.onnx, as transformers.js reads); a hub id must already be in
 * transformers.js's cache unless downloads are allowed (HELM_HUGGINGFACE_DOWNLOAD=1), so a worker
 * never starts a multi-gigabyte download by surprise.
 */
export function modelWeightsUnavailable(source: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (fs.existsSync(source)) {
    if (hasOnnxWeights(source)) return undefined;
    const pytorch = ['model.safetensors', 'pytorch_model.bin', 'model.safetensors.index.json'].some((f) => fs.existsSync(path.join(source, f)));
    return pytorch
      ? `${source} has PyTorch weights but no ONNX export (onnx/model.onnx); export it first, e.g. ` +
          `scripts/models/make-tiny-gpt2.py --from ${source} --out <dir> for GPT-2 models`
      : `${source} has no onnx/model.onnx`;
  }
  const { cacheDir, offline } = configureHub(env);
  if (hasOnnxWeights(path.join(cacheDir, source))) return undefined;
  if (offline) return `${source} is not a local model folder and not in the cache (${cacheDir}), and HF_HUB_OFFLINE is set`;
  if (env[DOWNLOAD_ENV] === '1') return undefined;
  return (
    `${source} is not a local model folder and not in the cache (${cacheDir}, under HF_HOME); ` +
    `set ${DOWNLOAD_ENV}=1 to download its ONNX weights from the Hugging Face Hub`
  );
}
