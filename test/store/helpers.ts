import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { StoreLogger } from "../../src/store/index.js";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A clock the tests move by hand. */
export function testClock(start = Date.parse("2030-01-01T00:00:00.000Z")) {
  let current = start;
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

export interface LogEntry {
  level: keyof StoreLogger;
  args: unknown[];
}

/** Records log calls instead of printing them. */
export function captureLogger() {
  const entries: LogEntry[] = [];
  const at =
    (level: keyof StoreLogger) =>
    (...args: unknown[]) => {
      entries.push({ level, args });
    };
  const logger: StoreLogger = { info: at("info"), warn: at("warn"), error: at("error"), debug: at("debug") };
  /** Log lines (the string arguments) at a level. */
  const lines = (level: keyof StoreLogger) =>
    entries.filter((e) => e.level === level).flatMap((e) => e.args.filter((a) => typeof a === "string"));
  return { logger, entries, lines };
}

export function uniqueId(prefix: string): string {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

/** A lower-case schema name unique to this run, so concurrent runs never collide. */
export function uniqueSchema(): string {
  return uniqueId(`store_test_${process.pid}_`);
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "pcs-store-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

/** Runs fn with a plain pg client on the test database, outside the store. */
export async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function dropSchema(url: string, schema: string): Promise<void> {
  return withAdmin(url, async (client) => {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });
}

export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
