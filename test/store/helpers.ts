import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect } from "vitest";
import type { PurgeCounts, Store, StoreLogger } from "../../src/store/index.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What a purge that deletes nothing reports. */
export const NOTHING_PURGED: PurgeCounts = {
  rememberedMessages: 0,
  claims: 0,
  digestOccurrences: 0,
  decisions: 0,
  decisionAttempts: 0,
  announcedInvitations: 0,
  invitationMessages: 0,
  opportunitySnapshots: 0,
  alertOutbox: 0,
  approverRequests: 0,
  openHomes: 0,
  opportunityActions: 0,
  opportunityActionAttempts: 0,
};

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

/** Makes temporary directories for one test file, and removes them all at its end. */
export function tempDirs(): { newDir: () => Promise<string>; removeAll: () => Promise<void> } {
  const made: string[] = [];
  return {
    newDir: async () => {
      const path = await mkdtemp(join(tmpdir(), "pcs-store-"));
      made.push(path);
      return path;
    },
    removeAll: async () => {
      await Promise.all(made.map((path) => rm(path, { recursive: true, force: true })));
    },
  };
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

export interface ClaimWins {
  occurrences: boolean[];
  decisions: boolean[];
  once: boolean[];
}

/**
 * Claims `count` digest occurrences, decisions and one-time keys named after `prefix`, one after the
 * other, as a replica would; run by two stores or processes at once, each must be won by exactly one.
 */
export async function claimRound(
  store: Store,
  prefix: string,
  count: number,
  by: string,
): Promise<ClaimWins> {
  const wins: ClaimWins = { occurrences: [], decisions: [], once: [] };
  for (let i = 0; i < count; i++) {
    wins.occurrences.push(
      await store.occurrences.claim(`C${prefix}`, new Date(Date.UTC(2030, 0, 1, 0, i)), by),
    );
    const decision = await store.decisions.claim({
      key: `accept:engagement:AWS:${prefix}-${i}`,
      invitationKind: "engagement",
      invitationId: `${prefix}-${i}`,
      catalog: "AWS",
      action: "accept",
      userId: by,
    });
    wins.decisions.push(decision.won);
    wins.once.push(await store.claimOnce(`${prefix}-${i}`));
  }
  return wins;
}

/** True when every claim was won by exactly one of the two. */
export function wonOnceBetween(a: ClaimWins, b: ClaimWins): boolean {
  return (["occurrences", "decisions", "once"] as const).every(
    (kind) => a[kind].length === b[kind].length && a[kind].every((won, i) => won !== b[kind][i]),
  );
}

/** Marks the keys announced from every store at once, each in its own shuffled batches of ten; returns the keys reported new. */
export async function announceFromEach(stores: Store[], keys: string[]): Promise<string[]> {
  const batchesOf = (store: Store) => {
    const order = shuffled(keys);
    return Array.from({ length: Math.ceil(order.length / 10) }, (_, i) =>
      store.announced.mark(order.slice(i * 10, i * 10 + 10)),
    );
  };
  return (await Promise.all(stores.flatMap(batchesOf))).flat();
}

export interface LegacyRemembered {
  key: string;
  value: string;
  expiresAt: Date;
  /** What the record must be read as once the kinds migration has run. */
  kind: "answer" | "channel-message" | "reject-form";
}

/**
 * Remembered records as versions before kinds wrote them, all still live: a reject form, answers with and
 * without their message, channel copies with days and with hours left, and a value that is not JSON.
 */
export function legacyRemembered(now = Date.now()): LegacyRemembered[] {
  const hours = (n: number) => new Date(now + n * 3_600_000);
  const message = { text: "Engagement invitations", blocks: [{ type: "divider" }] };
  const next = { list: { kind: "engagements" }, starts: [{ skip: 0, shown: 0 }] };
  const form = {
    ref: { kind: "engagement", catalog: "AWS", id: "engi-0000000000001" },
    target: { kind: "channel", channel: "C1", ts: "1.2", text: "", blocks: [] },
  };
  return [
    { key: "legacy-form", value: JSON.stringify(form), expiresAt: hours(1), kind: "reject-form" },
    {
      key: "legacy-answer",
      value: JSON.stringify({ ...message, next }),
      expiresAt: hours(20),
      kind: "answer",
    },
    { key: "legacy-replaced", value: JSON.stringify({ next }), expiresAt: hours(20), kind: "answer" },
    {
      key: "legacy-copy",
      value: JSON.stringify(message),
      expiresAt: hours(24 * 10),
      kind: "channel-message",
    },
    { key: "legacy-short", value: JSON.stringify(message), expiresAt: hours(12), kind: "answer" },
    { key: "legacy-text", value: "page-2", expiresAt: hours(12), kind: "answer" },
  ];
}

/** Each legacy record reads back as its kind, with its value and a first version, and as no other kind. */
export async function expectLegacyKinds(store: Store, rows: LegacyRemembered[]): Promise<void> {
  const kinds = ["answer", "channel-message", "reject-form"] as const;
  for (const row of rows) {
    expect(await store.messages.recall(row.key, row.kind), row.key).toEqual({
      kind: row.kind,
      value: row.value,
      version: 1,
    });
    expect(
      await store.messages.recall(
        row.key,
        kinds.filter((k) => k !== row.kind),
      ),
      row.key,
    ).toBeUndefined();
  }
}
