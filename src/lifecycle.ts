/** Work still running after Slack was acknowledged; shutdown waits for it so nothing is cut off. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when everything tracked has settled, or after `timeoutMs`, whichever is first. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      while (this.pending.size > 0) {
        const settled = await Promise.race([
          Promise.allSettled([...this.pending]).then(() => true),
          timedOut,
        ]);
        if (!settled) return false;
      }
      return true;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Work repeated on a timer; `stop` ends the timer and waits for a run in progress. */
export interface Repeating {
  stop(): Promise<void>;
}

/**
 * Runs `task` now and then every `intervalMs`, one run at a time: a tick while a run is still going is
 * skipped. The timer never keeps the process up. `task` handles its own failures (it never rejects).
 */
export function every(intervalMs: number, task: () => Promise<void>): Repeating {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= task().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
