/**
 * A second process on a SQLite data directory, for test/store/sqlite-shared.test.ts: opens the store,
 * prints "ready", makes its claims once a line arrives on stdin, and prints what it won as JSON.
 * Arguments: data directory, claim prefix, count, replica name.
 */
import { once } from "node:events";
import { openStore } from "../../src/store/index.ts";
import { claimRound } from "./helpers.ts";

const [dataDir, prefix = "", count = "0", name = "child"] = process.argv.slice(2);
const store = await openStore({ dataDir });
process.stdout.write("ready\n");
await once(process.stdin, "data");
const wins = await claimRound(store, prefix, Number(count), name);
await store.close();
process.stdout.write(`${JSON.stringify(wins)}\n`);
