import type { OpportunitySnapshots, OutboxPost } from "../store/index.ts";
import { detectChanges, type OpportunityChange } from "./changes.ts";
import { type OpportunityState, parseState, serialiseState } from "./state.ts";

/** What seeing an opportunity told this process. */
export interface Observation {
  /** The changes this process is the one to act on: across processes, each is given to one of them. */
  changes: OpportunityChange[];
  /** The app had not seen it before (or no longer had what it saw). */
  firstSighting: boolean;
  /** Older than what was seen before: nothing was kept. */
  stale: boolean;
  /** What the app keeps of it changed (anything shown of it, not only what is told). */
  updated: boolean;
  /** The outbox keys of the posts recorded with the state, to post now. */
  posted: string[];
}

/** The posts a change calls for, recorded in the same write as the state that shows it. */
export type Announce = (found: {
  changes: OpportunityChange[];
  state: OpportunityState;
  previous: OpportunityState | undefined;
}) => Promise<{ posts: Array<Omit<OutboxPost, "key">>; state?: OpportunityState }>;

export interface ObserveOptions {
  /**
   * Completes what was read with what only the app knows, given what it kept before (where the
   * opportunity came from); called before each comparison.
   */
  prepare?: (current: OpportunityState, previous: OpportunityState | undefined) => Promise<OpportunityState>;
  /** What to post about the changes found; they are recorded with the state, or not at all. */
  announce?: Announce;
  /** The first sighting is recorded without telling anything (what existed before the app looked). */
  quiet?: boolean;
}

/** Unchanged states are saved again at most this often, so the last sighting stays within retention. */
const RESAVE_UNCHANGED_MS = 86_400_000;
/** Saves lost to other processes before giving up; each loss means another process saw it meanwhile. */
const MAX_ATTEMPTS = 10;

/** The outbox key of the posts recorded with an opportunity's `version`th state: one set per state. */
export const postKey = (state: Pick<OpportunityState, "catalog" | "id">, version: number): string =>
  `opportunity:${state.catalog}:${state.id}:${version}`;

/**
 * Compares what was just read with the last state kept and keeps the new one, by compare-and-swap: when
 * several processes see the same change at once (an event delivered twice, an event and a poll), one wins
 * the save and is given the changes, with the posts they call for recorded in the same write; the others
 * read again, find nothing new, and are given none.
 */
export async function observe(
  snapshots: OpportunitySnapshots,
  read: OpportunityState,
  now: () => Date,
  options: ObserveOptions = {},
): Promise<Observation> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await snapshots.get(read.catalog, read.id);
    const previous = stored ? parseState(stored.state) : undefined;
    const current = options.prepare ? await options.prepare(read, previous) : read;
    const found = detectChanges(previous, current);
    if (found.stale) return { changes: [], firstSighting: false, stale: true, updated: false, posted: [] };
    const changes = options.quiet && !previous ? [] : found.changes;
    // AWS's side that could not be read this time, and where it came from, stay as they were last known.
    let kept: OpportunityState = {
      ...current,
      ...(current.aws === undefined && previous ? { aws: previous.aws } : {}),
      ...(current.origin === undefined && previous?.origin ? { origin: previous.origin } : {}),
    };
    const version = (stored?.version ?? 0) + 1;
    let posts: OutboxPost[] = [];
    if (changes.length > 0 && options.announce) {
      const announced = await options.announce({ changes, state: kept, previous });
      kept = announced.state ?? kept;
      posts = announced.posts.map((post) => ({ ...post, key: postKey(kept, version) }));
    }
    const text = serialiseState(kept);
    const unchanged = stored !== undefined && text === stored.state;
    const fresh = stored && now().getTime() - stored.seenAt.getTime() < RESAVE_UNCHANGED_MS;
    if (unchanged && fresh && posts.length === 0) {
      return { changes, firstSighting: false, stale: false, updated: false, posted: [] };
    }
    if (await snapshots.save(read.catalog, read.id, text, stored?.version, posts)) {
      return {
        changes,
        firstSighting: previous === undefined,
        stale: false,
        updated: !unchanged,
        posted: posts.length > 0 ? [postKey(kept, version)] : [],
      };
    }
  }
  throw new Error(
    `Opportunity ${read.id} was saved by other processes ${MAX_ATTEMPTS} times while this one compared it.`,
  );
}
