/**
 * Compares the scenario_state.json of the same run made by Python HELM and by helm-ts (request by
 * request, in order) and prints one table row per run: requests, identical predictions, identical
 * prompts, the largest logprob difference over all tokens, and seconds per request on each side.
 *
 * Usage: node dist/scripts/models/compare-runs.js <label> <helm scenario_state.json> <helm-ts scenario_state.json> [--json]
 */
import fs from 'node:fs';

interface Token {
  text: string;
  logprob: number;
}
interface State {
  request: { prompt: string };
  result?: { completions: Array<{ text: string; logprob: number; tokens: Token[] }>; request_time?: number };
}

function states(file: string): State[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { request_states: State[] }).request_states;
}

export interface Comparison {
  label: string;
  requests: number;
  identicalPrompts: number;
  identicalPredictions: number;
  identicalTokens: number;
  maxLogprobDifference: number;
  helmSecondsPerRequest: number;
  helmTsSecondsPerRequest: number;
}

export function compare(label: string, helm: State[], ours: State[]): Comparison {
  if (helm.length !== ours.length) throw new Error(`${label}: ${helm.length} request states in HELM's run, ${ours.length} in helm-ts's`);
  let identicalPrompts = 0;
  let identicalPredictions = 0;
  let identicalTokens = 0;
  let maxLogprobDifference = 0;
  let helmTime = 0;
  let oursTime = 0;
  helm.forEach((h, i) => {
    const o = ours[i];
    if (h.request.prompt === o.request.prompt) identicalPrompts++;
    const hc = h.result?.completions[0];
    const oc = o.result?.completions[0];
    if (hc && oc && hc.text === oc.text) identicalPredictions++;
    if (hc && oc && JSON.stringify(hc.tokens.map((t) => t.text)) === JSON.stringify(oc.tokens.map((t) => t.text))) {
      identicalTokens++;
      hc.tokens.forEach((t, j) => {
        maxLogprobDifference = Math.max(maxLogprobDifference, Math.abs(t.logprob - oc.tokens[j].logprob));
      });
    }
    helmTime += h.result?.request_time ?? 0;
    oursTime += o.result?.request_time ?? 0;
  });
  return {
    label,
    requests: helm.length,
    identicalPrompts,
    identicalPredictions,
    identicalTokens,
    maxLogprobDifference,
    helmSecondsPerRequest: helmTime / Math.max(1, helm.length),
    helmTsSecondsPerRequest: oursTime / Math.max(1, ours.length),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  // --wall <HELM seconds> <helm-ts seconds>: each side's whole helm-run, for requests per second.
  const wallAt = args.indexOf('--wall');
  const wall = wallAt >= 0 ? args.splice(wallAt, 3).slice(1).map(Number) : undefined;
  const [label, helmFile, oursFile, flag] = args;
  if (!label || !helmFile || !oursFile) {
    console.error('usage: compare-runs <label> <helm scenario_state.json> <helm-ts scenario_state.json> [--json] [--wall <helm s> <helm-ts s>]');
    process.exit(2);
  }
  const c = {
    ...compare(label, states(helmFile), states(oursFile)),
    ...(wall ? { helmWallSeconds: wall[0], helmTsWallSeconds: wall[1] } : {}),
  };
  if (flag === '--json') {
    console.log(JSON.stringify(c));
    return;
  }
  console.log(
    `| ${c.label} | ${c.requests} | ${c.identicalPrompts}/${c.requests} | ${c.identicalPredictions}/${c.requests} | ` +
      `${c.identicalTokens}/${c.requests} | ${c.maxLogprobDifference.toExponential(2)} | ${c.helmSecondsPerRequest.toFixed(3)} | ${c.helmTsSecondsPerRequest.toFixed(3)} |` +
      (wall ? ` ${wall[0].toFixed(1)} | ${wall[1].toFixed(1)} | ${(wall[0] / wall[1]).toFixed(1)}× |` : ''),
  );
}

if (require.main === module) main();
