import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { FinishedRun } from '../workflows/types';
import { setLogSink } from './logger';
import { requestTotalIsPartial, type LiveProgress } from './suite-progress';

/** "philosophy…: 10 instances, 10 requests, 3.2 s, exact_match (test) 0.300" — a run's one-line report. */
export function finishedRunLine(run: FinishedRun): string {
  if (!run.ok) return `Run ${run.runName} failed: ${run.error ?? 'unknown error'}`;
  const parts: string[] = [];
  if (run.instances !== undefined) parts.push(`${run.instances} instance${run.instances === 1 ? '' : 's'}`);
  if (run.requests !== undefined) parts.push(`${run.requests} request${run.requests === 1 ? '' : 's'}`);
  if (run.seconds !== undefined) parts.push(`${run.seconds.toFixed(1)} s`);
  if (run.mainMetric) parts.push(`${run.mainMetric.name} (${run.mainMetric.split}) ${run.mainMetric.value.toFixed(3)}`);
  return `Run ${run.runName} done: ${parts.join(', ')}`;
}

/**
 * Two bars in a terminal (runs, requests), with log lines drawn above them (never through them);
 * a progress line every few seconds otherwise (CI, pipes). Either way, one line per finished run.
 * The request total grows as runs are prepared (a run's requests are known once its prompts are
 * built); until every run is prepared it is shown as "N+".
 */
export class SuiteProgressDisplay {
  private readonly bars?: cliProgress.MultiBar;
  private runs?: cliProgress.SingleBar;
  private requests?: cliProgress.SingleBar;
  private stopped = false;
  private lastLine = 0;
  private lastText = '';
  /** Per shard, the highest finished-run number already reported. */
  private readonly reported = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    interactive = Boolean(process.stderr.isTTY),
    stream: NodeJS.WritableStream = process.stderr,
  ) {
    if (interactive) {
      this.bars = new cliProgress.MultiBar(
        { clearOnComplete: false, hideCursor: true, format: ' {label} |{bar}| {value}/{totalText} {extra}', stream, autopadding: true },
        cliProgress.Presets.shades_classic,
      );
      const bars = this.bars;
      setLogSink((line) => {
        bars.log(line.endsWith('\n') ? line : `${line}\n`);
        // Draw it now: above the bars, and not lost if the process ends before the next redraw.
        bars.update();
      });
    }
  }

  update(progress: LiveProgress): void {
    if (this.stopped) return;
    this.reportFinishedRuns(progress.recent);
    const failed = progress.runsFailed > 0 ? `${progress.runsFailed} failed` : '';
    const skipped = progress.runsSkipped > 0 ? `${progress.runsSkipped} skipped` : '';
    const runExtra = [failed, skipped].filter(Boolean).join(', ');
    const runsDone = progress.runsDone + progress.runsFailed + progress.runsSkipped;
    const cached = progress.cachedHits > 0 ? `${progress.cachedHits} cached` : '';
    const partial = requestTotalIsPartial(progress);
    const toRun = progress.runsTotal - progress.runsSkipped;
    const prepared = partial && progress.stage === 'running' ? `total so far: ${progress.runsPrepared} of ${toRun} runs prepared` : '';
    const requestExtra = [cached, prepared].filter(Boolean).join('; ');
    const requestTotal = `${progress.requestsTotal}${partial ? '+' : ''}`;
    if (this.bars) {
      if (!this.runs) this.runs = this.bars.create(Math.max(progress.runsTotal, 1), 0, { label: 'Runs    ', extra: '', totalText: '?' });
      if (!this.requests) this.requests = this.bars.create(1, 0, { label: 'Requests', extra: '', totalText: '?' });
      this.runs.setTotal(Math.max(progress.runsTotal, 1));
      this.runs.update(runsDone, { extra: runExtra || progress.stage, totalText: progress.stage === 'expanding run entries' ? '?' : String(progress.runsTotal) });
      this.requests.setTotal(Math.max(progress.requestsTotal, 1));
      this.requests.update(progress.requestsDone, { extra: requestExtra, totalText: requestTotal });
      return;
    }
    const text = `runs ${runsDone}/${progress.runsTotal}${runExtra ? ` (${runExtra})` : ''}, requests ${progress.requestsDone}/${requestTotal}${requestExtra ? ` (${requestExtra})` : ''}`;
    // Nothing to report until the run entries are expanded.
    if (progress.runsTotal > 0 && text !== this.lastText && Date.now() - this.lastLine > 5_000) {
      this.logger.info(`Progress: ${text}`);
      this.lastLine = Date.now();
      this.lastText = text;
    }
  }

  /** One line per run that finished since the last poll (a note when more finished than were kept). */
  private reportFinishedRuns(recent: LiveProgress['recent']): void {
    const byShard = new Map<string, Array<FinishedRun & { shard: string }>>();
    for (const run of recent) byShard.set(run.shard, [...(byShard.get(run.shard) ?? []), run]);
    for (const [shard, runs] of byShard) {
      const last = this.reported.get(shard) ?? 0;
      const fresh = runs.filter((r) => r.seq > last).sort((a, b) => a.seq - b.seq);
      if (fresh.length === 0) continue;
      const missed = fresh[0].seq - last - 1;
      if (missed > 0) this.logger.info(`… ${missed} more run(s) finished`);
      for (const run of fresh) {
        if (run.ok) this.logger.info(finishedRunLine(run));
        else this.logger.warn(finishedRunLine(run));
      }
      this.reported.set(shard, fresh[fresh.length - 1].seq);
    }
  }

  /** Ends the bars (once), leaving their last state on screen; logs go straight to stderr again. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    setLogSink(undefined);
    if (this.bars) {
      this.bars.update();
      this.bars.stop();
    }
  }
}
