import type { OpportunitySnapshots } from "../store/index.ts";
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
}

/** Unchanged states are saved again at most this often, so the last sighting stays within retention. */
const RESAVE_UNCHANGED_MS = 86_400_000;
/** Saves lost to other processes before giving up; each loss means another process saw it meanwhile. */
const MAX_ATTEMPTS = 10;

/**
 * Compares what was just read with the last state kept and keeps the new one, by compare-and-swap: when
 * several processes see the same change at once (an event delivered twice, an event and a poll), one wins
 * the save and is given the changes; the others read again, find nothing new, and are given none.
 */
export async function observe(
  snapshots: OpportunitySnapshots,
  current: OpportunityState,
  now: () => Date,
): Promise<Observation> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await snapshots.get(current.catalog, current.id);
    const previous = stored ? parseState(stored.state) : undefined;
    const { stale, changes } = detectChanges(previous, current);
    if (stale) return { changes: [], firstSighting: false, stale: true };
    // AWS's side that could not be read this time stays as it was last known.
    const kept = current.aws === undefined && previous ? { ...current, aws: previous.aws } : current;
    const text = serialiseState(kept);
    const fresh = stored && now().getTime() - stored.seenAt.getTime() < RESAVE_UNCHANGED_MS;
    if (stored && text === stored.state && fresh) return { changes, firstSighting: false, stale: false };
    if (await snapshots.save(current.catalog, current.id, text, stored?.version)) {
      return { changes, firstSighting: previous === undefined, stale: false };
    }
  }
  throw new Error(
    `Opportunity ${current.id} was saved by other processes ${MAX_ATTEMPTS} times while this one compared it.`,
  );
}
