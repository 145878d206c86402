import { setTimeout as sleep } from "node:timers/promises";

/**
 * Starts work no more often than `perSecond` times a second, in the order asked: what the app reads in
 * the background (events, looks) stays well within Partner Central's read quota, leaving room for people.
 */
export class Pacer {
  readonly #gapMs: number;
  #next = 0;

  constructor(perSecond: number) {
    this.#gapMs = 1000 / perSecond;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const now = performance.now();
    const at = Math.max(now, this.#next);
    this.#next = at + this.#gapMs;
    if (at > now) await sleep(at - now);
    return work();
  }
}
