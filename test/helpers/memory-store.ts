import { openStore, type Store } from "../../src/store/index.ts";

/**
 * The real store on an in-memory SQLite database: unit tests get the behaviour the contract suite checks,
 * with no database file, no server and no module mocking.
 */
export function memoryStore(now: () => Date = () => new Date()): Promise<Store> {
  return openStore({ now });
}
