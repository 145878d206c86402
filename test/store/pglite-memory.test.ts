import { describe, expect, it } from "vitest";
import { openStore, StoreError } from "../../src/store/index.js";
import { openPgliteAdapter } from "../../src/store/pglite-adapter.js";
import { describeStoreContract } from "./store-contract.js";

// A schema here, none on the data directory: both ways of naming tables get exercised on PGlite.
describeStoreContract("in-memory PGlite", (options) => openStore({ ...options, schema: "partner_central" }));

describe("in-memory PGlite in its own thread", () => {
  it("passes a database error back with its SQLSTATE", async () => {
    const db = await openPgliteAdapter({});
    try {
      await expect(db.query("SELECT * FROM no_such_table")).rejects.toMatchObject({
        message: 'relation "no_such_table" does not exist',
        code: "42P01",
      });
      expect(await db.query("SELECT $1::integer + 1 AS next", [41])).toEqual([{ next: 42 }]);
    } finally {
      await db.close();
    }
  });

  it("refuses statements once its thread has stopped", async () => {
    const db = await openPgliteAdapter({});
    await db.close();
    await expect(db.query("SELECT 1")).rejects.toThrow(
      new StoreError("The thread running the in-memory PGlite database has stopped."),
    );
  });
});
