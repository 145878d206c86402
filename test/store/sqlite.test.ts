import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, StoreError } from "../../src/store/index.js";
import { loadMigrations } from "../../src/store/migrate.js";
import { DATABASE_FILE } from "../../src/store/sqlite-adapter.js";
import { captureLogger, tempDir } from "./helpers.js";
import { describeStoreContract } from "./store-contract.js";

const dirs: Array<{ remove: () => Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => d.remove()));
});
async function newDir(): Promise<string> {
  const dir = await tempDir();
  dirs.push(dir);
  return dir.path;
}

describeStoreContract("in-memory SQLite", (options) => openStore(options));

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
    const pageKey = await store.messages.remember("page-2", 3600);
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
      expect(await reopened.messages.recall(pageKey)).toBe("page-2");
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

  it("refuses a file in place of the data directory", async () => {
    const file = join(await newDir(), "not-a-dir");
    await writeFile(file, "x");
    const opening = openStore({ dataDir: file });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(`The data directory ${file} is not a writable directory (`);
  });

  it("refuses a data directory below a file", async () => {
    const file = join(await newDir(), "file");
    await writeFile(file, "x");
    const dataDir = join(file, "data");
    const opening = openStore({ dataDir });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(
      `The data directory ${dataDir} is not a writable directory (ENOTDIR`,
    );
  });
});
