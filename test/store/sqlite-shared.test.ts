import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../../src/store/index.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { DATABASE_FILE } from "../../src/store/sqlite-adapter.ts";
import { startReplica } from "../helpers/processes.ts";
import {
  announceFromEach,
  type ClaimWins,
  claimRound,
  tempDirs,
  uniqueId,
  wonOnceBetween,
} from "./helpers.ts";

const { newDir, removeAll } = tempDirs();
afterAll(removeAll);

/** Each decision is recorded with the user of the replica that won it, never overwritten by the other. */
async function expectDecisionsOfWinners(store: Store, prefix: string, wins: Record<string, ClaimWins>) {
  for (const [name, won] of Object.entries(wins)) {
    for (const [i, own] of won.decisions.entries()) {
      if (own) expect((await store.decisions.get(`accept:engagement:AWS:${prefix}-${i}`))?.userId).toBe(name);
    }
  }
}

describe("SQLite data directory shared by two stores in one process", () => {
  it("wins each digest occurrence, decision and one-time claim exactly once between them", async () => {
    const dataDir = await newDir();
    const [a, b] = await Promise.all([openStore({ dataDir }), openStore({ dataDir })]);
    try {
      const prefix = uniqueId("p");
      const [x, y] = await Promise.all([claimRound(a, prefix, 200, "UA"), claimRound(b, prefix, 200, "UB")]);
      expect(wonOnceBetween(x, y)).toBe(true);
      await expectDecisionsOfWinners(a, prefix, { UA: x, UB: y });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("announces each invitation exactly once between them", async () => {
    const dataDir = await newDir();
    const [a, b] = await Promise.all([openStore({ dataDir }), openStore({ dataDir })]);
    try {
      const keys = Array.from({ length: 100 }, () => uniqueId("engi-"));
      expect((await announceFromEach([a, b], keys)).sort()).toEqual([...keys].sort());
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("SQLite data directory shared by two processes", () => {
  it("both start on an empty directory, and win each claim exactly once between them", async () => {
    const dataDir = join(await newDir(), "data");
    const prefix = uniqueId("p");
    const replicas = ["UA", "UB"].map((name) =>
      startReplica(join(import.meta.dirname, "sqlite-replica.ts"), [dataDir, prefix, "300", name]),
    );
    try {
      expect(await Promise.all(replicas.map((r) => r.nextLine()))).toEqual(["ready", "ready"]);
      for (const r of replicas) r.child.stdin.write("go\n");
      const [x, y] = (await Promise.all(replicas.map((r) => r.nextLine()))).map(
        (line) => JSON.parse(line) as ClaimWins,
      ) as [ClaimWins, ClaimWins];
      expect(x.decisions).toHaveLength(300);
      expect(wonOnceBetween(x, y)).toBe(true);

      const store = await openStore({ dataDir });
      try {
        await expectDecisionsOfWinners(store, prefix, { UA: x, UB: y });
      } finally {
        await store.close();
      }
      const raw = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
      const versions = raw.prepare("SELECT version FROM schema_migrations ORDER BY version").all();
      raw.close();
      expect(versions.map((v) => v.version)).toEqual((await loadMigrations("sqlite")).map((m) => m.version));
    } finally {
      for (const r of replicas) r.child.kill();
    }
  }, 60_000);
});
