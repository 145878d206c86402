import type { Adapter, Row } from "./adapter.ts";
import { StoreError } from "./errors.ts";
import type { Statements } from "./statements.ts";
import type { ActionStatus } from "./types.ts";

/** A timestamp as the dialect returns it: a Date from PostgreSQL, epoch milliseconds from SQLite. */
export type Timestamp = Date | number;

export const toDate = (value: Timestamp): Date => (value instanceof Date ? value : new Date(value));

/**
 * A decision or an opportunity action still pending after this long was cut off (its process died
 * mid-call) and may be claimed again.
 */
export const STALE_ACTION_MS = 15 * 60_000;

/** What every concern shares: the database with its statements by name, the clock and the calls in flight. */
export class Database {
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed: Promise<void> | undefined;

  private readonly adapter: Adapter;
  readonly now: () => Date;

  constructor(adapter: Adapter, now: () => Date) {
    this.adapter = adapter;
    this.now = now;
  }

  query<R extends Row>(statement: keyof Statements, params?: readonly unknown[]): Promise<R[]> {
    return this.adapter.query<R>(this.adapter.statements[statement], params);
  }

  /** How many rows the statement changed. */
  run(statement: keyof Statements, params?: readonly unknown[]): Promise<number> {
    return this.adapter.run(this.adapter.statements[statement], params);
  }

  /** Runs fn's statements as one transaction: all kept, or none. */
  transaction<T>(fn: (tx: Pick<Database, "query" | "run">) => Promise<T>): Promise<T> {
    const { statements } = this.adapter;
    return this.adapter.transaction((tx) =>
      fn({
        query: <R extends Row>(statement: keyof Statements, params?: readonly unknown[]) =>
          tx.query<R>(statements[statement], params),
        run: (statement: keyof Statements, params?: readonly unknown[]) =>
          tx.run(statements[statement], params),
      }),
    );
  }

  /** Runs one public call, so that close() can wait for it. */
  track<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreError("The store is closed."));
    const promise = call();
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  close(): Promise<void> {
    this.#closed ??= Promise.allSettled([...this.#inFlight]).then(() => this.adapter.close());
    return this.#closed;
  }
}

/**
 * A claim on a row: `tryClaim` wins it or finds it held, and then `readHolder` reads who holds it. Tried
 * again when the holder vanished between the two statements, which only a purge (or a release) can do: twice
 * at the most.
 */
export async function claimOrRead<Result>(
  tryClaim: () => Promise<Result | undefined>,
  readHolder: () => Promise<Result | undefined>,
): Promise<Result> {
  for (;;) {
    const result = (await tryClaim()) ?? (await readHolder());
    if (result !== undefined) return result;
  }
}

/** What an audit log's row (see `latestAttempts` in statements.ts) says of its attempt. */
export interface AttemptColumns {
  attempt: number;
  status: ActionStatus;
  started_at: Timestamp;
  recorded_at: Timestamp;
  superseded: boolean | number;
}

/**
 * An attempt's state as the audit log tells it: `abandoned` when still pending after a later attempt took
 * it over (its process stopped before Partner Central answered), finished when its outcome was recorded.
 */
export function attemptState(row: AttemptColumns) {
  const recordedAt = toDate(row.recorded_at);
  return {
    attempt: Number(row.attempt),
    status: row.status === "pending" && row.superseded ? ("abandoned" as const) : row.status,
    createdAt: toDate(row.started_at),
    recordedAt,
    ...(row.status !== "pending" && { finishedAt: recordedAt }),
  };
}
