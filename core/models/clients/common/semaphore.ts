/** A counting semaphore: at most `limit` holders at once, waiters served first come first served. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    // release() hands its slot straight to the next waiter, so `active` stays counted.
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  get inUse(): number {
    return this.active;
  }
}

/**
 * One semaphore per deployment and endpoint for the whole process, shared by every client object
 * of that deployment (a worker makes one per local path and cache setting).
 */
const SEMAPHORES = new Map<string, Semaphore>();

export function deploymentSemaphore(key: string, limit: number): Semaphore {
  let semaphore = SEMAPHORES.get(key);
  if (!semaphore || semaphore.limit !== limit) {
    semaphore = new Semaphore(limit);
    SEMAPHORES.set(key, semaphore);
  }
  return semaphore;
}
