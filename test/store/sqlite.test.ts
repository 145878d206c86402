import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, StoreError } from "../../src/store/index.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { DATABASE_FILE, openSqliteAdapter } from "../../src/store/sqlite-adapter.ts";
import { sqliteStatements } from "../../src/store/statements.ts";
import { captureLogger, expectLegacyKinds, legacyRemembered, tempDirs } from "./helpers.ts";
import { describeOpportunityStoreContract } from "./opportunity-contract.ts";
import { describeStoreContract } from "./store-contract.ts";

const { newDir, removeAll } = tempDirs();
afterAll(removeAll);

describeStoreContract("in-memory SQLite", (options) => openStore(options));
describeOpportunityStoreContract("in-memory SQLite", (options) => openStore(options));

describeStoreContract("SQLite in a data directory", async (options) =>
  openStore({ ...options, dataDir: join(await newDir(), "data") }),
);

describe("SQLite data directory", () => {
  it("keeps everything across close and reopen, without re-running migrations", async () => {
    const dataDir = join(await newDir(), "nested", "data");
    const first = captureLogger();
    const store = await openStore({ dataDir, logger: first.logger });
    expect(first.lines("info")).toContain("Applied database migration 001_initial");

    const scheduledFor = new Date("2030-01-01T09:00:00Z");
    const subscription = {
      channelId: "C1",
      cron: "0 9 * * *",
      timezone: "UTC",
      windowDays: 7,
      catalog: "AWS" as const,
      quiet: true,
      createdBy: "config",
      createdAt: new Date("2030-01-01T00:00:00Z"),
    };
    expect(await store.claimOnce("once")).toBe(true);
    const pageKey = await store.messages.remember("answer", "page-2", 3600);
    await store.subscriptions.save(subscription);
    await store.occurrences.claim("C1", scheduledFor, "replica-a");
    await store.occurrences.finish("C1", scheduledFor, { status: "posted", messageTs: "1.2" });
    await store.decisions.claim({
      key: "accept:engagement:AWS:engi-1",
      invitationKind: "engagement",
      invitationId: "engi-1",
      catalog: "AWS",
      action: "accept",
      userId: "U1",
    });
    const action = await store.decisions.finish("accept:engagement:AWS:engi-1", {
      status: "succeeded",
      resultId: "O1",
    });
    await store.announced.mark(["engi-1", "engi-2"]);
    await store.alertChannels.set("C1", true, "U1");
    const occurrence = await store.occurrences.last("C1");
    const alerts = await store.alertChannels.list();
    await store.close();

    const second = captureLogger();
    const reopened = await openStore({ dataDir, logger: second.logger });
    try {
      expect(second.lines("info").filter((l) => l.startsWith("Applied"))).toEqual([]);
      expect(await reopened.claimOnce("once")).toBe(false);
      expect((await reopened.messages.recall(pageKey, "answer"))?.value).toBe("page-2");
      expect(await reopened.subscriptions.list()).toEqual([subscription]);
      expect(await reopened.occurrences.last("C1")).toEqual(occurrence);
      expect(await reopened.occurrences.claim("C1", scheduledFor, "replica-b")).toBe(false);
      expect(await reopened.decisions.get(action.key)).toEqual(action);
      expect(await reopened.announced.mark(["engi-2", "engi-3"])).toEqual(["engi-3"]);
      expect(await reopened.announced.known(["engi-1", "engi-2", "engi-3"])).toHaveLength(3);
      expect(await reopened.alertChannels.list()).toEqual(alerts);
    } finally {
      await reopened.close();
    }
  });

  it("keeps the decisions of an earlier version as the first attempts of its audit log", async () => {
    const dataDir = join(await newDir(), "data");
    await mkdir(dataDir, { recursive: true });
    const raw = new DatabaseSync(join(dataDir, DATABASE_FILE));
    const earlier = (await loadMigrations("sqlite")).filter((m) => m.version <= 2);
    raw.exec(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
      applied_at integer NOT NULL DEFAULT 0) STRICT`);
    for (const migration of earlier) {
      raw.exec(migration.sql);
      raw
        .prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")
        .run(migration.version, migration.name);
    }
    const claimedAt = Date.parse("2030-01-01T09:00:00Z");
    raw.exec(`INSERT INTO invitation_actions (key, invitation_kind, invitation_id, catalog, action, user_id,
        status, aws_request_id, result_id, attempts, claim_token, created_at, finished_at)
      VALUES ('engagement:AWS:engi-1', 'engagement', 'engi-1', 'AWS', 'accept', 'U1', 'succeeded', 'req-1',
        'O1', 2, 'token', ${claimedAt}, ${claimedAt + 1000})`);
    raw.close();

    const store = await openStore({ dataDir });
    try {
      expect(await store.decisions.history(new Date(claimedAt), 10)).toEqual([
        {
          key: "engagement:AWS:engi-1",
          attempt: 2,
          invitationKind: "engagement",
          invitationId: "engi-1",
          catalog: "AWS",
          action: "accept",
          userId: "U1",
          status: "succeeded",
          awsRequestId: "req-1",
          resultId: "O1",
          createdAt: new Date(claimedAt),
          recordedAt: new Date(claimedAt + 1000),
          finishedAt: new Date(claimedAt + 1000),
        },
      ]);
    } finally {
      await store.close();
    }
  });

  it("refuses a database whose schema is newer than the code", async () => {
    const dataDir = join(await newDir(), "data");
    await (await openStore({ dataDir })).close();
    const raw = new DatabaseSync(join(dataDir, DATABASE_FILE));
    raw.exec("INSERT INTO schema_migrations (version, name) VALUES (99, '099_from_the_future')");
    raw.close();

    const latest = (await loadMigrations("sqlite")).length;
    await expect(openStore({ dataDir })).rejects.toThrow(
      new StoreError(
        `The SQLite database ${join(dataDir, DATABASE_FILE)} has schema version 99, newer than this build supports (${latest}); deploy a newer build of the app.`,
      ),
    );
  });
});

/** Every file below dir with its content, to show that a refused start changed nothing. */
async function contents(dir: string): Promise<Record<string, string>> {
  const names = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = names.filter((n) => n.isFile()).map((n) => join(n.parentPath, n.name));
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [f, (await readFile(f)).toString("base64")] as const)),
  );
}

describe("SQLite upgraded from an earlier schema", () => {
  it("reads each remembered record of before as what it was", async () => {
    const dataDir = await newDir();
    const [initial, places] = await loadMigrations("sqlite");
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    db.exec(sqliteStatements.createMigrationsTable);
    db.exec(initial?.sql ?? "");
    db.exec(places?.sql ?? "");
    db.exec(
      "INSERT INTO schema_migrations (version, name) VALUES (1, '001_initial'), (2, '002_invitation_messages')",
    );
    const rows = legacyRemembered();
    const insert = db.prepare("INSERT INTO remembered_messages (key, value, expires_at) VALUES (?, ?, ?)");
    for (const row of rows) insert.run(row.key, row.value, row.expiresAt.getTime());
    db.close();

    const store = await openStore({ dataDir });
    try {
      await expectLegacyKinds(store, rows);
    } finally {
      await store.close();
    }
  });
});

describe("SQLite transactions", () => {
  it("keep every statement or none, and a statement of the process made meanwhile waits and is kept", async () => {
    const adapter = await openSqliteAdapter({});
    try {
      await adapter.run("CREATE TABLE t (k text PRIMARY KEY)");
      let outside: Promise<number> | undefined;
      const failing = adapter.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES ('in-1')");
        outside = adapter.run("INSERT INTO t VALUES ('outside')");
        await tx.run("INSERT INTO t VALUES ('in-2')");
        throw new Error("undo");
      });
      await expect(failing).rejects.toThrow("undo");
      expect(await outside).toBe(1);
      const kept = await adapter.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES ('in-3')");
        return tx.query<{ k: string }>("SELECT k FROM t ORDER BY k");
      });
      expect(kept.map((r) => r.k)).toEqual(["in-3", "outside"]);
      // Two transactions begun together run one after the other.
      await Promise.all(
        [1, 2].map((n) => adapter.transaction((tx) => tx.run(`INSERT INTO t VALUES ('both-${n}')`))),
      );
      expect(await adapter.query("SELECT k FROM t")).toHaveLength(4);
    } finally {
      await adapter.close();
    }
  });
});

describe("SQLite start-up faults: one clear StoreError, nothing overwritten or deleted", () => {
  it("refuses a file in place of the data directory", async () => {
    const file = join(await newDir(), "not-a-dir");
    await writeFile(file, "x");
    const opening = openStore({ dataDir: file });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(`The data directory ${file} is not a writable directory (`);
    expect(await readFile(file, "utf8")).toBe("x");
  });

  it("refuses a data directory it cannot create, even as root (below a regular file)", async () => {
    const file = join(await newDir(), "file.txt");
    await writeFile(file, "x");
    const dataDir = join(file, "sub");
    await expect(openStore({ dataDir })).rejects.toThrow(
      new RegExp(
        `^The data directory ${dataDir} is not a writable directory \\(ENOTDIR[^)]*\\); set DATA_DIR to one the app may write to\\.$`,
      ),
    );
  });

  it("refuses a directory in place of the database file", async () => {
    const dataDir = await newDir();
    await mkdir(join(dataDir, DATABASE_FILE));
    await expect(openStore({ dataDir })).rejects.toThrow(
      new StoreError(
        `Cannot open the SQLite database ${join(dataDir, DATABASE_FILE)} (unable to open database file).`,
      ),
    );
  });

  it("refuses a database file that is not SQLite, and leaves it as it is", async () => {
    const dataDir = await newDir();
    const file = join(dataDir, DATABASE_FILE);
    await writeFile(file, "name,channel\nweekly,C1\n".repeat(100));
    const before = await contents(dataDir);
    await expect(openStore({ dataDir })).rejects.toThrow(
      new StoreError(
        `The file ${file} is not a SQLite database or is damaged (file is not a database); it was left as it is: restore it from a backup, or move it aside to start with an empty database.`,
      ),
    );
    expect(await contents(dataDir)).toEqual(before);
  });

  it("refuses a damaged SQLite database, and leaves it as it is", async () => {
    const dataDir = await newDir();
    const file = join(dataDir, DATABASE_FILE);
    const store = await openStore({ dataDir });
    await store.messages.remember("answer", "a message", 3600);
    await store.close();
    // Overwrites the third page (4096 bytes), the root of one of the tables.
    const bytes = await readFile(file);
    bytes.fill(0x5a, 2 * 4096, 3 * 4096);
    await writeFile(file, bytes);
    const before = await contents(dataDir);

    const opening = openStore({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(
      new RegExp(
        `^The file ${file} is not a SQLite database or is damaged \\(.+\\); it was left as it is: restore it from a backup, or move it aside to start with an empty database\\.$`,
      ),
    );
    expect(await contents(dataDir)).toEqual(before);
  });

  it("refuses a PGlite database left in DATA_DIR by an earlier version, and leaves it as it is", async () => {
    const dataDir = await newDir();
    await writeFile(join(dataDir, "PG_VERSION"), "17\n");
    await writeFile(join(dataDir, "postgresql.conf"), "# PGlite\n");
    await mkdir(join(dataDir, "base", "1"), { recursive: true });
    await writeFile(join(dataDir, "base", "1", "1259"), Buffer.alloc(8192, 7));
    const before = await contents(dataDir);
    await expect(openStore({ dataDir })).rejects.toThrow(
      new StoreError(
        `DATA_DIR ${dataDir} holds a PGlite database from an earlier version of this app, which now keeps its data in SQLite; it was left as it is: move it aside, or export it to PostgreSQL (README, "Upgrading from PGlite"), then start again.`,
      ),
    );
    expect(await contents(dataDir)).toEqual(before);
  });
});
