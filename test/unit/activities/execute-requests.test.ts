import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerContext } from '../../../activities/context';
import { executeRequests, headline } from '../../../activities/run-stages';
import { readJsonLines, writeJsonLines } from '../../../activities/work-files';
import type { RequestState } from '../../../core/adaptation/schemas';
import type { ModelClient } from '../../../core/models/clients/client';
import type { Request, RequestResult } from '../../../core/models/schemas';
import { batchResultsFile, workFile } from '../../../core/outputs/paths';
import type { RunRef } from '../../../workflows/types';

const GOLDEN = path.join(__dirname, '..', '..', 'golden', 'helm', 'philosophy_m10');
const RUN_NAME = 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-ts-execute-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** HELM's golden request states of philosophy -m 10, without their results. */
function goldenStates(): RequestState[] {
  const state = JSON.parse(fs.readFileSync(path.join(GOLDEN, RUN_NAME, 'scenario_state.json'), 'utf8')) as { request_states: RequestState[] };
  return state.request_states.map(({ result: _result, ...rest }) => rest as RequestState);
}

function runIn(name: string): RunRef {
  const run: RunRef = { outputPath: path.join(root, name), localPath: path.join(root, name, 'prod_env'), suite: 's', executionId: 'e', runName: RUN_NAME };
  fs.mkdirSync(path.dirname(workFile(run, 'runSpec')), { recursive: true });
  fs.copyFileSync(path.join(GOLDEN, RUN_NAME, 'run_spec.json'), workFile(run, 'runSpec'));
  return run;
}

/** A client that answers after a tick, records how many calls overlapped, and can fail on one prompt. */
class RecordingClient implements ModelClient {
  inFlight = 0;
  maxInFlight = 0;
  calls = 0;
  constructor(
    readonly requestsInFlight: number,
    private readonly failOnCall?: number,
  ) {}

  async makeRequest(request: Request): Promise<RequestResult> {
    const call = ++this.calls;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    if (call === this.failOnCall) throw new Error('model down');
    return { success: true, embedding: [], completions: [{ text: ` ${request.prompt.length}`, logprob: 0, tokens: [] }], cached: false };
  }
}

class ContextWith extends WorkerContext {
  constructor(private readonly client: ModelClient) {
    super();
  }
  override modelClient(): ModelClient {
    return this.client;
  }
}

describe('executeRequests', () => {
  it("keeps up to the client's requestsInFlight calls going and appends every result once", async () => {
    const run = runIn('lanes');
    const states = goldenStates();
    const client = new RecordingClient(4);
    const executed = await executeRequests(new ContextWith(client), run, { index: 0, start: 0, end: states.length }, { disableCache: false }, {}, states);
    expect(client.maxInFlight).toBe(4);
    expect(executed.done).toBe(states.length);
    const lines = readJsonLines<{ i: number }>(batchResultsFile(run, 0));
    expect(lines.map((l) => l.i).sort((a, b) => a - b)).toEqual(states.map((_, i) => i));
  });

  it('one call at a time by default', async () => {
    const run = runIn('default');
    const states = goldenStates();
    const client = new RecordingClient(1);
    await executeRequests(new ContextWith(client), run, { index: 0, start: 0, end: states.length }, { disableCache: false }, {}, states);
    expect(client.maxInFlight).toBe(1);
  });

  it('a failed call stops the lanes, keeps the results written, and a retry asks only for the rest', async () => {
    const run = runIn('failure');
    const states = goldenStates();
    const failing = new RecordingClient(4, 3);
    await expect(executeRequests(new ContextWith(failing), run, { index: 0, start: 0, end: states.length }, { disableCache: false }, {}, states)).rejects.toThrow('model down');
    const written = readJsonLines<{ i: number }>(batchResultsFile(run, 0)).length;
    // The other three lanes finish the calls they had started, then take no more.
    expect(written).toBe(failing.calls - 1);
    expect(written).toBeLessThan(states.length);
    const retry = new RecordingClient(4);
    const executed = await executeRequests(new ContextWith(retry), run, { index: 0, start: 0, end: states.length }, { disableCache: false }, {}, states);
    expect(retry.calls).toBe(states.length - written);
    expect(executed.done).toBe(states.length);
  });
});

describe('work files in JSON Lines', () => {
  it('are written gzipped and read back, as are plain files of older work folders', () => {
    const file = path.join(root, 'lines.json');
    const records = goldenStates();
    writeJsonLines(file, records);
    const bytes = fs.readFileSync(file);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes.length).toBeLessThan(zlib.gunzipSync(bytes).length / 4);
    expect(readJsonLines(file)).toEqual(JSON.parse(JSON.stringify(records)));
    fs.writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(readJsonLines(file)).toEqual(JSON.parse(JSON.stringify(records)));
  });
});

describe('headline', () => {
  const stat = (name: string, mean: number, split = 'test') => ({ name: { name, split }, count: 1, sum: mean, sum_squared: mean * mean, min: mean, max: mean, mean });

  it("leads with a run's main metric, not bits_per_byte, when it has one (Dyck, synthetic_reasoning_natural)", () => {
    expect(headline([stat('num_instances', 5), stat('bits_per_byte', 0), stat('exact_match_indicator', 0.4)])).toEqual({
      instances: 5,
      mainMetric: { name: 'exact_match_indicator', split: 'test', value: 0.4 },
    });
    expect(headline([stat('num_instances', 5), stat('bits_per_byte', 0), stat('f1_set_match', 0.25)]).mainMetric?.name).toBe('f1_set_match');
    expect(headline([stat('num_instances', 5), stat('bits_per_byte', 1.5)]).mainMetric).toEqual({ name: 'bits_per_byte', split: 'test', value: 1.5 });
  });

  it('reads the valid split when the run has no test split', () => {
    expect(headline([stat('num_instances', 3, 'valid'), stat('exact_match', 1, 'valid')]).mainMetric).toEqual({ name: 'exact_match', split: 'valid', value: 1 });
  });
});
