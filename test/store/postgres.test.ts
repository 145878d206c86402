import { type AddressInfo, createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openStore, type Store, StoreError } from "../../src/store/index.ts";
import { loadMigrations } from "../../src/store/migrate.ts";
import { openPgAdapter } from "../../src/store/pg-adapter.ts";
import {
  announceFromEach,
  captureLogger,
  dropSchema,
  expectLegacyKinds,
  legacyRemembered,
  TEST_DATABASE_URL,
  uniqueId,
  uniqueSchema,
  withAdmin,
} from "./helpers.ts";
import { describeOpportunityStoreContract } from "./opportunity-contract.ts";
import { describeStoreContract } from "./store-contract.ts";

describe("PostgreSQL start-up failures that need no server", () => {
  it("names an unreachable host", async () => {
    const opening = openStore({ databaseUrl: "postgres://postgres@127.0.0.1:1/test" });
    await expect(opening).rejects.toBeInstanceOf(StoreError);
    await expect(opening).rejects.toThrow(
      "Cannot reach PostgreSQL at 127.0.0.1:1 (connect ECONNREFUSED 127.0.0.1:1); check the database URL and that the server is running.",
    );
  });

  it("never shows the password", async () => {
    const error = await openStore({ databaseUrl: "postgres://postgres:s3cr%40tPw@127.0.0.1:1/test" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreError);
    expect(String((error as Error).message)).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1 /);
    expect((error as Error).message).not.toMatch(/s3cr/);
  });

  it("names the user whose password was refused, and shows the password nowhere", async () => {
    const server = await serverRefusingPasswords();
    const log = captureLogger();
    try {
      const error = await openStore({
        databaseUrl: `postgres://app:Wr0ng%21Secret@127.0.0.1:${server.port}/partners`,
        logger: log.logger,
      }).catch((e: unknown) => e);
      expect(error).toEqual(
        new StoreError(
          `PostgreSQL at 127.0.0.1:${server.port} refused the login of user "app" to database "partners" (password authentication failed for user "app").`,
        ),
      );
      expect(server.passwords).toEqual(["Wr0ng!Secret"]);
      expect(JSON.stringify(log.entries)).not.toMatch(/Wr0ng/);
    } finally {
      await server.close();
    }
  });

  it("rejects a URL that is not a postgres:// URL", async () => {
    await expect(openStore({ databaseUrl: "mysql://root@localhost/db" })).rejects.toThrow(
      new StoreError("The database URL must start with postgres:// (it starts with mysql://)."),
    );
    await expect(openStore({ databaseUrl: "not a url" })).rejects.toThrow(
      new StoreError(
        "The database URL is not a valid URL; expected postgres://user:password@host:port/database.",
      ),
    );
  });

  it("rejects an unsafe schema name", async () => {
    await expect(openStore({ schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(
      new StoreError(
        'The schema name "x"; DROP TABLE y; --" is invalid; use lower-case letters, digits and underscores.',
      ),
    );
  });
});

/**
 * Just enough of PostgreSQL's wire protocol to ask for a password and refuse it, as a server with
 * password authentication does (the local test server trusts everyone).
 */
async function serverRefusingPasswords(): Promise<{
  port: number;
  passwords: string[];
  close(): Promise<void>;
}> {
  const passwords: string[] = [];
  const message = (type: string, body: Buffer) => {
    const header = Buffer.alloc(5);
    header.write(type);
    header.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([header, body]);
  };
  const server = createServer((socket) => {
    let received = Buffer.alloc(0);
    let started = false;
    socket.on("data", (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (!started && received.length >= 8 && received.length >= received.readInt32BE(0)) {
        started = true;
        received = received.subarray(received.readInt32BE(0));
        socket.write(message("R", Buffer.from([0, 0, 0, 3]))); // AuthenticationCleartextPassword
      }
      if (started && received.length >= 5 && received.length >= received.readInt32BE(1) + 1) {
        passwords.push(received.subarray(5, received.readInt32BE(1)).toString());
        const fields = ["SFATAL", "VFATAL", "C28P01", 'Mpassword authentication failed for user "app"'];
        socket.end(message("E", Buffer.from(`${fields.join("\0")}\0\0`)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    passwords,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// Registered only where a server is available; the CI script sets TEST_DATABASE_URL.
if (TEST_DATABASE_URL !== undefined) {
  const databaseUrl = TEST_DATABASE_URL;
  const server = new URL(databaseUrl);
  const host = `${server.hostname}:${server.port || "5432"}`;
  const database = server.pathname.slice(1);
  const schemas: string[] = [];
  const newSchema = () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(databaseUrl, schema);
  });

  const contractSchema = newSchema();
  describeStoreContract("PostgreSQL", (options) =>
    openStore({ ...options, databaseUrl, schema: contractSchema }),
  );
  const opportunitySchema = newSchema();
  describeOpportunityStoreContract("PostgreSQL", (options) =>
    openStore({ ...options, databaseUrl, schema: opportunitySchema }),
  );

  describe("PostgreSQL shared by several replicas", () => {
    const schema = newSchema();
    const logs = [captureLogger(), captureLogger(), captureLogger()];
    let replicas: Store[] = [];
    let a: Store;
    let b: Store;

    beforeAll(async () => {
      // Three replicas start at once on an empty schema: the migration race.
      replicas = await Promise.all(logs.map((log) => openStore({ databaseUrl, schema, logger: log.logger })));
      [a, b] = replicas as [Store, Store];
    });
    afterAll(async () => {
      await Promise.all(replicas.map((r) => r.close()));
    });

    const raceEach = async <T>(count: number, claim: (store: Store, i: number) => Promise<T>) => {
      const indexes = Array.from({ length: count }, (_, i) => i);
      return Promise.all(indexes.map((i) => Promise.all([claim(a, i), claim(b, i)])));
    };

    it("migrate once when starting concurrently", async () => {
      const migrations = await loadMigrations("postgres");
      const applied = logs.flatMap((log) => log.lines("info")).filter((l) => l.startsWith("Applied"));
      expect(applied).toEqual(migrations.map((m) => `Applied database migration ${m.name}`));
      const rows = await withAdmin(
        databaseUrl,
        async (c) =>
          (await c.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`)).rows,
      );
      expect(rows).toEqual(migrations.map((m) => ({ version: m.version })));
    });

    it("find migrations already applied when reopening", async () => {
      const log = captureLogger();
      await (await openStore({ databaseUrl, schema, logger: log.logger })).close();
      expect(log.lines("info").filter((l) => l.startsWith("Applied"))).toEqual([]);
      expect(log.lines("info")).toContain(`Store opened on the PostgreSQL database "${database}" at ${host}`);
    });

    it("win each of 100 claimOnce keys exactly once", async () => {
      const prefix = uniqueId("race-");
      const pairs = await raceEach(100, (s, i) => s.claimOnce(`${prefix}-${i}`));
      expect(pairs.map(([x, y]) => Number(x) + Number(y))).toEqual(pairs.map(() => 1));
    });

    it("win each of 100 actions exactly once", async () => {
      const prefix = uniqueId("engi-");
      const pairs = await raceEach(100, (s, i) =>
        s.decisions.claim({
          key: `accept:engagement:AWS:${prefix}-${i}`,
          invitationKind: "engagement",
          invitationId: `${prefix}-${i}`,
          catalog: "AWS",
          action: "accept",
          userId: s === a ? "UA" : "UB",
        }),
      );
      for (const [x, y] of pairs) {
        expect(Number(x.won) + Number(y.won)).toBe(1);
        expect(x.record).toEqual(y.record);
      }
    });

    it("win each of 100 digest occurrences exactly once", async () => {
      const channel = uniqueId("C");
      const pairs = await raceEach(100, (s, i) =>
        s.occurrences.claim(channel, new Date(Date.UTC(2030, 0, 1, i)), s === a ? "replica-a" : "replica-b"),
      );
      expect(pairs.map(([x, y]) => Number(x) + Number(y))).toEqual(pairs.map(() => 1));
    });

    it("announce each of 100 invitations exactly once", async () => {
      const keys = Array.from({ length: 100 }, () => uniqueId("engi-"));
      expect((await announceFromEach([a, b], keys)).sort()).toEqual([...keys].sort());
    });
  });

  describe("PostgreSQL start-up failures", () => {
    it("names the user refused by the server", async () => {
      const url = new URL(databaseUrl);
      url.username = "nouser";
      url.password = "Secret123";
      url.pathname = "/nodb";
      const opening = openStore({ databaseUrl: url.href });
      await expect(opening).rejects.toBeInstanceOf(StoreError);
      await expect(opening).rejects.toThrow(
        `PostgreSQL at ${host} refused the login of user "nouser" to database "nodb" (role "nouser" does not exist).`,
      );
    });

    it("names a missing database", async () => {
      const url = new URL(databaseUrl);
      url.pathname = "/no_such_database";
      await expect(openStore({ databaseUrl: url.href })).rejects.toThrow(
        new StoreError(
          `PostgreSQL at ${host} has no database "no_such_database" (database "no_such_database" does not exist).`,
        ),
      );
    });

    it("refuses a schema newer than the code", async () => {
      const schema = newSchema();
      const latest = (await loadMigrations("postgres")).length;
      await (await openStore({ databaseUrl, schema })).close();
      await withAdmin(databaseUrl, (c) =>
        c.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES ($1, 'from_the_future')`, [
          latest + 1,
        ]),
      );
      await expect(openStore({ databaseUrl, schema })).rejects.toThrow(
        new StoreError(
          `Schema "${schema}" of the PostgreSQL database "${database}" at ${host} has schema version ${latest + 1}, newer than this build supports (${latest}); deploy a newer build of the app.`,
        ),
      );
    });
  });

  describe("PostgreSQL upgraded from an earlier schema", () => {
    it("keeps remembered messages and claims, and gives digest take-overs their lifetime", async () => {
      const schema = newSchema();
      const [initial] = await loadMigrations("postgres");
      await withAdmin(databaseUrl, async (c) => {
        await c.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
        await c.query(initial?.sql ?? "");
        await c.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now());
          INSERT INTO schema_migrations (version, name) VALUES (1, '001_initial');
          INSERT INTO page_tokens (key, token, expires_at) VALUES ('kept', 'a message', '2999-01-01');
          INSERT INTO claims (key, claim_token, claimed_at) VALUES
            ('alerts-baseline:AWS', gen_random_uuid(), '2030-01-01'),
            ('digest-takeover:C1:2030-01-01T09:00:00.000Z', gen_random_uuid(), '2030-01-01')`);
      });
      const store = await openStore({ databaseUrl, schema });
      try {
        expect(await store.messages.recall("kept", "answer")).toEqual({
          kind: "answer",
          value: "a message",
          version: 1,
        });
        expect(await store.purge(new Date("2030-01-08T00:00:00Z"))).toMatchObject({ claims: 1 });
        expect(await store.claimOnce("alerts-baseline:AWS")).toBe(false);
      } finally {
        await store.close();
      }
    });
  });

  describe("PostgreSQL upgraded from a schema without record kinds", () => {
    it("reads each remembered record of before as what it was", async () => {
      const schema = newSchema();
      const migrations = await loadMigrations("postgres");
      const rows = legacyRemembered();
      await withAdmin(databaseUrl, async (c) => {
        await c.query(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"`);
        await c.query(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const migration of migrations.filter((m) => m.version <= 4)) {
          await c.query(migration.sql);
          await c.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
            migration.version,
            migration.name,
          ]);
        }
        for (const row of rows) {
          await c.query("INSERT INTO remembered_messages (key, value, expires_at) VALUES ($1, $2, $3)", [
            row.key,
            row.value,
            row.expiresAt,
          ]);
        }
      });
      const store = await openStore({ databaseUrl, schema });
      try {
        await expectLegacyKinds(store, rows);
      } finally {
        await store.close();
      }
    });
  });

  describe("PostgreSQL connections lost while running", () => {
    const terminate = (where: string, param: string) =>
      withAdmin(databaseUrl, async (c) => {
        const { rows } = await c.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${where} AND pid <> pg_backend_pid()`,
          [param],
        );
        return rows.length;
      });

    it("replaces a dropped idle connection and logs it", async () => {
      const log = captureLogger();
      const applicationName = uniqueId("store_test_");
      const db = await openPgAdapter({ databaseUrl, logger: log.logger, applicationName });
      try {
        expect(await terminate("application_name = $1", applicationName)).toBe(1);
        await vi.waitFor(() =>
          expect(log.lines("warn")).toContain(
            `Lost an idle connection to the PostgreSQL database "${database}" at ${host}`,
          ),
        );
        expect(await db.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
      } finally {
        await db.close();
      }
    });

    it("retries a query whose connection was lost, and logs it", async () => {
      const log = captureLogger();
      const db = await openPgAdapter({ databaseUrl, logger: log.logger });
      const marker = uniqueId("m");
      try {
        const sleeping = db.query(`SELECT pg_sleep(0.3) AS ${marker}`);
        await vi.waitFor(async () => expect(await terminate("query LIKE $1", `%${marker}%`)).toBe(1));
        expect(await sleeping).toEqual([{ [marker]: "" }]);
        expect(log.lines("warn")).toEqual([
          `Retrying a query: the connection to the PostgreSQL database "${database}" at ${host} failed`,
        ]);
      } finally {
        await db.close();
      }
    });

    it("gives up with a StoreError when the connection keeps failing", async () => {
      const log = captureLogger();
      const db = await openPgAdapter({ databaseUrl, logger: log.logger });
      const marker = uniqueId("m");
      // A failed kill shows up as the query surviving; it must not become an unhandled rejection.
      const killer = setInterval(() => terminate("query LIKE $1", `%${marker}%`).catch(() => undefined), 25);
      try {
        await expect(db.query(`SELECT pg_sleep(5) AS ${marker}`)).rejects.toThrow(
          /^Lost the connection to the PostgreSQL database "\w+" at [^ ]+ and could not reconnect \(terminating connection due to administrator command\)\.$/,
        );
        expect(log.lines("warn")).toHaveLength(2);
        expect(log.lines("error")).toHaveLength(1);
      } finally {
        clearInterval(killer);
        await db.close();
      }
    });
  });
}
