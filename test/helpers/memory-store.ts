import { randomBytes } from "node:crypto";
import type {
  ActionClaim,
  ActionRecord,
  DigestSubscription,
  OccurrenceRecord,
  Store,
} from "../../src/store/index.js";

/** The parts of the store the unit tests use: the digest's, the decisions' and the message memory's. */
export type MemoryStore = Pick<
  Store,
  | "claimOnce"
  | "savePageToken"
  | "loadPageToken"
  | "upsertSubscription"
  | "deleteSubscription"
  | "listSubscriptions"
  | "claimOccurrence"
  | "finishOccurrence"
  | "lastOccurrence"
  | "claimAction"
  | "finishAction"
  | "getAction"
>;

const STALE_ACTION_MS = 15 * 60_000;

/**
 * The store in memory, keeping the contract the real backends are tested against (store-contract.ts),
 * so unit tests run without a database and need no module mocking.
 */
export function memoryStore(now: () => Date = () => new Date()): MemoryStore {
  const once = new Set<string>();
  const tokens = new Map<string, { token: string; until: number }>();
  const subscriptions = new Map<string, DigestSubscription>();
  const occurrences = new Map<string, OccurrenceRecord>();
  const actions = new Map<string, ActionRecord>();
  const occurrenceKey = (channelId: string, scheduledFor: Date) =>
    `${channelId} ${scheduledFor.toISOString()}`;

  return {
    async claimOnce(key) {
      if (once.has(key)) return false;
      once.add(key);
      return true;
    },

    async savePageToken(token, ttlSeconds) {
      const key = randomBytes(12).toString("base64url");
      tokens.set(key, { token, until: now().getTime() + ttlSeconds * 1000 });
      return key;
    },
    async loadPageToken(key) {
      const saved = tokens.get(key);
      return saved && saved.until > now().getTime() ? saved.token : undefined;
    },

    async upsertSubscription(subscription) {
      subscriptions.set(subscription.channelId, subscription);
    },
    async deleteSubscription(channelId) {
      return subscriptions.delete(channelId);
    },
    async listSubscriptions() {
      return [...subscriptions.values()].sort((a, b) => a.channelId.localeCompare(b.channelId));
    },

    async claimOccurrence(channelId, scheduledFor, claimedBy) {
      const key = occurrenceKey(channelId, scheduledFor);
      if (occurrences.has(key)) return false;
      occurrences.set(key, { channelId, scheduledFor, status: "claimed", claimedBy, claimedAt: now() });
      return true;
    },
    async finishOccurrence(channelId, scheduledFor, outcome) {
      const record = occurrences.get(occurrenceKey(channelId, scheduledFor));
      if (!record) throw new Error(`occurrence ${channelId} ${scheduledFor.toISOString()} was never claimed`);
      Object.assign(record, outcome, { finishedAt: now() });
    },
    async lastOccurrence(channelId) {
      return [...occurrences.values()]
        .filter((o) => o.channelId === channelId)
        .sort((a, b) => b.scheduledFor.getTime() - a.scheduledFor.getTime())[0];
    },

    async claimAction(claim: ActionClaim) {
      const existing = actions.get(claim.key);
      const stale =
        existing?.status === "pending" && now().getTime() - existing.createdAt.getTime() >= STALE_ACTION_MS;
      if (existing && existing.status !== "failed" && !stale) return { won: false, record: { ...existing } };
      const record: ActionRecord = {
        ...claim,
        status: "pending",
        attempts: (existing?.attempts ?? 0) + 1,
        createdAt: now(),
      };
      actions.set(claim.key, record);
      return { won: true, record: { ...record } };
    },
    async finishAction(key, outcome) {
      const record = actions.get(key);
      if (!record) throw new Error(`no action ${key}`);
      if (record.status === outcome.status) return { ...record };
      if (record.status !== "pending") throw new Error(`action ${key} is already ${record.status}`);
      Object.assign(record, outcome, { finishedAt: now() });
      return { ...record };
    },
    async getAction(key) {
      const record = actions.get(key);
      return record ? { ...record } : undefined;
    },
  };
}
