import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { LiveProgress } from './suite-progress';

/** Two bars in a terminal (runs, requests); a log line every few seconds otherwise (CI, pipes). */
export class SuiteProgressDisplay {
  private readonly bars?: cliProgress.MultiBar;
  private runs?: cliProgress.SingleBar;
  private requests?: cliProgress.SingleBar;
  private lastLine = 0;
  private lastText = '';

  constructor(private readonly logger: Logger, interactive = Boolean(process.stderr.isTTY)) {
    if (interactive) {
      this.bars = new cliProgress.MultiBar(
        { clearOnComplete: false, hideCursor: true, format: ' {label} |{bar}| {value}/{total} {extra}', stream: process.stderr },
        cliProgress.Presets.shades_classic,
      );
    }
  }

  update(progress: LiveProgress): void {
    const failed = progress.runsFailed > 0 ? `${progress.runsFailed} failed` : '';
    const skipped = progress.runsSkipped > 0 ? `${progress.runsSkipped} skipped` : '';
    const runExtra = [failed, skipped].filter(Boolean).join(', ');
    const runsDone = progress.runsDone + progress.runsFailed + progress.runsSkipped;
    const cached = progress.cachedHits > 0 ? `(${progress.cachedHits} cached)` : '';
    if (this.bars) {
      if (!this.runs) this.runs = this.bars.create(Math.max(progress.runsTotal, 1), 0, { label: 'Runs    ', extra: '' });
      if (!this.requests) this.requests = this.bars.create(1, 0, { label: 'Requests', extra: '' });
      this.runs.setTotal(Math.max(progress.runsTotal, 1));
      this.runs.update(runsDone, { extra: runExtra || progress.stage });
      this.requests.setTotal(Math.max(progress.requestsTotal, 1));
      this.requests.update(progress.requestsDone, { extra: cached });
      return;
    }
    const text = `runs ${runsDone}/${progress.runsTotal}${runExtra ? ` (${runExtra})` : ''}, requests ${progress.requestsDone}/${progress.requestsTotal} ${cached}`.trim();
    // Nothing to report until the run entries are expanded.
    if (progress.runsTotal > 0 && text !== this.lastText && Date.now() - this.lastLine > 5_000) {
      this.logger.info(`Progress: ${text}`);
      this.lastLine = Date.now();
      this.lastText = text;
    }
  }

  stop(): void {
    this.bars?.stop();
  }
}
