/**
 * The Hugging Face client's model side alone (HELM's serve_request on transformers.js, no Temporal,
 * no cache): the requests of a scenario_state.json (any model's run: only the requests are read)
 * served with N requests in flight, as the inference thread serves them. Prints requests per
 * second, CPU seconds, prefix reuse and how many rows the decoding passes shared, and can save the
 * completions to compare two settings (e.g. HELM_HF_PREFIX_CACHE=0 against the default).
 *
 * Usage: node dist/scripts/models/bench-serve.js <model dir> <scenario_state.json>
 *          [--requests N] [--in-flight N] [--max-new-tokens N] [--out completions.json]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { getHuggingFaceTokenizer } from '../../core/models/tokenizers/load-huggingface-tokenizer';
import { loadCausalLm } from '../../core/models/clients/huggingface/model';
import { seededRandom, serveRequest, type HuggingFaceRawRequest } from '../../core/models/clients/huggingface/serve';

const StateFile = z.object({
  request_states: z.array(
    z.object({
      request: z.object({
        prompt: z.string(),
        temperature: z.number(),
        num_completions: z.number(),
        max_tokens: z.number(),
        top_p: z.number(),
        echo_prompt: z.boolean(),
        top_k_per_token: z.number(),
        stop_sequences: z.array(z.string()),
      }),
    }),
  ),
});

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      requests: { type: 'string', default: '40' },
      'in-flight': { type: 'string', default: '8' },
      'max-new-tokens': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [folder, stateFile] = positionals;
  if (!folder || !stateFile) {
    console.error('usage: bench-serve <model dir> <scenario_state.json> [--requests N] [--in-flight N] [--max-new-tokens N] [--out FILE]');
    process.exit(2);
  }
  const tokenizer = getHuggingFaceTokenizer('bench/tokenizer', {
    name: 'bench/tokenizer',
    tokenizer_spec: { class_name: 'helm.tokenizers.huggingface_tokenizer.HuggingFaceTokenizer', args: { pretrained_model_name_or_path: folder } },
  });
  const model = await loadCausalLm(folder);
  const states = StateFile.parse(JSON.parse(fs.readFileSync(stateFile, 'utf8'))).request_states.slice(0, Number(values.requests));
  const maxNew = values['max-new-tokens'] === undefined ? Infinity : Number(values['max-new-tokens']);
  const completions: { text: string; logprobs: number[]; promptLogprobs: number[]; seconds: number }[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < states.length) {
      const i = next++;
      const r = states[i].request;
      // As HuggingFaceClient: a chat template (the model's) wraps the prompt; temperature 0 is sent as 1e-7.
      const prompt = tokenizer.hf.chat_template
        ? String(tokenizer.hf.apply_chat_template([{ role: 'user', content: r.prompt }], { tokenize: false, add_generation_prompt: true }))
        : r.prompt;
      const raw: HuggingFaceRawRequest = {
        engine: 'bench',
        prompt,
        temperature: r.temperature === 0 ? 1e-7 : r.temperature,
        num_return_sequences: r.num_completions,
        max_new_tokens: Math.min(r.max_tokens, maxNew),
        top_p: r.top_p,
        echo_prompt: r.echo_prompt,
        top_k_per_token: r.top_k_per_token,
        stop_sequences: r.stop_sequences,
      };
      const t = performance.now();
      const response = await serveRequest(raw, { model, tokenizer, eosTokenId: tokenizer.eosTokenId, random: seededRandom(`bench-${i}`) });
      const c = response.completions[0];
      completions[i] = { text: c.text, logprobs: c.logprobs, promptLogprobs: c.prompt_logprobs, seconds: (performance.now() - t) / 1000 };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Number(values['in-flight'])) }, lane));
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  console.log(
    `${states.length} requests, ${values['in-flight']} in flight: ${seconds.toFixed(2)} s, ${(states.length / seconds).toFixed(2)} requests/s, ` +
      `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`,
  );
  console.log(`prefix reuse: ${JSON.stringify(model.prefixStats ?? 'off')}; decoding passes: ${JSON.stringify(model.stepStats)}; prompt scoring: ${JSON.stringify(model.promptStats)}`);
  if (values.out) fs.writeFileSync(values.out, JSON.stringify(completions));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
