import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, setLogSink } from '../../../client/logger';
import { progressReporter } from '../../../client/helm-summarize';
import { SuiteProgressDisplay, finishedRunLine } from '../../../client/progress';
import type { LiveProgress } from '../../../client/suite-progress';
import type { ShardFinishedRun } from '../../../workflows/types';
import { Screen } from '../../helpers/screen';

function progress(overrides: Partial<LiveProgress>): LiveProgress {
  return {
    suite: 'v1',
    stage: 'running',
    runsTotal: 3,
    runsSkipped: 0,
    runsDone: 0,
    runsFailed: 0,
    requestsTotal: 0,
    requestsDone: 0,
    cachedHits: 0,
    runsPrepared: 0,
    runsUnsampled: 0,
    recent: [],
    ...overrides,
  };
}

const finished = (seq: number, runName: string, extra: Partial<ShardFinishedRun> = {}): ShardFinishedRun => ({
  seq,
  runName,
  ok: true,
  instances: 10,
  requests: 10,
  seconds: 3.25,
  mainMetric: { name: 'exact_match', split: 'test', value: 0.3 },
  shard: 'helm:v1#shard-0',
  ...extra,
});

afterEach(() => setLogSink(undefined));

describe('a run’s one-line report', () => {
  it('names the run, its instances, requests, seconds and main metric', () => {
    expect(finishedRunLine(finished(1, 'mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1'))).toBe(
      'Run mmlu:subject=philosophy,method=multiple_choice_joint,model=simple_model1 done: 10 instances, 10 requests, 3.3 s, exact_match (test) 0.300',
    );
    expect(finishedRunLine({ seq: 2, runName: 'r', ok: true, instances: 1, requests: 1 })).toBe('Run r done: 1 instance, 1 request');
    expect(finishedRunLine({ seq: 3, runName: 'r', ok: false, error: 'Cannot write x: no space left on the device (ENOSPC)' })).toBe(
      'Run r failed: Cannot write x: no space left on the device (ENOSPC)',
    );
  });
});

describe('the progress display in a terminal', () => {
  it('draws log lines above the bars, whole, and one line per finished run', () => {
    const screen = new Screen();
    const logger = createLogger('text');
    const display = new SuiteProgressDisplay(logger, true, screen);
    display.update(progress({ stage: 'expanding run entries', runsTotal: 0 }));
    logger.info('Temporal UI: http://127.0.0.1:8233/namespaces/default/workflows/helm%3Av1');
    display.update(progress({ requestsTotal: 10, requestsDone: 4, runsPrepared: 1 }));
    logger.warn('temporal: Activity task failed (activity prepareRun, helm:v1/run, attempt 2): connection reset');
    // Two polls see the same finished run: it is reported once.
    const first = finished(1, 'run-a');
    display.update(progress({ runsDone: 1, requestsTotal: 20, requestsDone: 14, runsPrepared: 2, recent: [first] }));
    display.update(progress({ runsDone: 1, requestsTotal: 20, requestsDone: 16, runsPrepared: 2, recent: [first] }));
    // More runs finished between two polls than the shard keeps: the gap is said.
    display.update(
      progress({ runsDone: 2, runsFailed: 1, requestsTotal: 30, requestsDone: 30, runsPrepared: 3, recent: [first, finished(4, 'run-d', { ok: false, error: 'boom' })] }),
    );
    display.stop();
    logger.info('after the bars');

    const text = screen.rows.map((r) => r.trimEnd());
    const logLines = text.filter((r) => /^\[\d\d:\d\d:\d\d\] /.test(r));
    expect(logLines.map((l) => l.replace(/^\[\d\d:\d\d:\d\d\] /, ''))).toEqual([
      'INFO: Temporal UI: http://127.0.0.1:8233/namespaces/default/workflows/helm%3Av1',
      'WARN: temporal: Activity task failed (activity prepareRun, helm:v1/run, attempt 2): connection reset',
      'INFO: Run run-a done: 10 instances, 10 requests, 3.3 s, exact_match (test) 0.300',
      'INFO: … 2 more run(s) finished',
      'WARN: Run run-d failed: boom',
    ]);
    // Every row is a whole log line or a whole bar: nothing drawn through anything else.
    for (const row of text.filter((r) => r !== '')) expect(row).toMatch(/^(\[\d\d:\d\d:\d\d\] (INFO|WARN): .*| (Runs    |Requests) \|[█░]+\| .*)$/);
    // The bars' last state stays on screen, the request total final once every run is prepared.
    expect(text).toContainEqual(expect.stringMatching(/^ Runs +\|█+\| 3\/3 1 failed$/));
    expect(text).toContainEqual(expect.stringMatching(/^ Requests \|█+\| 30\/30$/));
  });

  it('shows the request total as growing ("N+") until every run is prepared', () => {
    const screen = new Screen();
    const display = new SuiteProgressDisplay(pino({ level: 'silent' }), true, screen);
    display.update(progress({ requestsTotal: 20, requestsDone: 5, runsPrepared: 2 }));
    display.stop();
    expect(screen.rows).toContainEqual(expect.stringMatching(/ Requests \|.*\| 5\/20\+ total so far: 2 of 3 runs prepared/));
  });
});

describe('the progress display when piped', () => {
  it('writes a readable progress line, with the partial request total marked', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'info', base: undefined }, sink);
    const display = new SuiteProgressDisplay(logger, false);
    display.update(progress({ requestsTotal: 20, requestsDone: 5, runsPrepared: 2, recent: [finished(1, 'run-a')], runsDone: 1 }));
    display.stop();
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual([
      'Run run-a done: 10 instances, 10 requests, 3.3 s, exact_match (test) 0.300',
      'Progress: runs 1/3, requests 5/20+ (total so far: 2 of 3 runs prepared)',
    ]);
  });
});

describe('helm-summarize’s progress in a terminal', () => {
  it('leaves each stage’s bar complete when the next begins, with log lines above them', () => {
    const screen = new Screen();
    const logger = createLogger('text');
    const progress = progressReporter(logger, true, screen);
    for (let i = 0; i < 15; i++) progress.update('Reading runs', i, 15);
    logger.warn('Display files of r not written: stats.json is not valid JSON');
    // A stage's reports can stop short of its total (they come as it goes); the next stage completes it.
    progress.update('Writing display files', 1, 4);
    progress.update('Writing display files', 4, 4);
    progress.stop();
    const rows = screen.rows.map((r) => r.trimEnd()).filter((r) => r !== '');
    expect(rows).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\] WARN: Display files of r not written: stats\.json is not valid JSON$/),
      expect.stringMatching(/^ Reading runs {13}\|█+\| 15\/15$/),
      expect.stringMatching(/^ Writing display files {4}\|█+\| 4\/4$/),
    ]);
  });
});
