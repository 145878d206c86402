import { dayAfter } from "../opportunities/list.ts";
import { type OpportunityState, parseState } from "../opportunities/state.ts";
import type { Catalog } from "../partnercentral/model.ts";
import { ACTION_REQUIRED, CLOSED_STAGES } from "../partnercentral/opportunity-model.ts";
import type { Store } from "../store/index.ts";

/** What the App Home shows of opportunities to one person, from what the app last saw of each. */
export interface HomeOpportunityList {
  /** Open ones whose team has the viewer's e-mail address: what AWS asks action on first, then closing soonest. */
  mine: OpportunityState[];
  /** The team's open ones that need action: Action Required, or target close passed or within the window. */
  needAction: OpportunityState[];
  /** Opportunities the app knows of in all; none until it first looked. */
  known: number;
  windowDays: number;
}

export interface HomeOpportunitiesDeps {
  store: Pick<Store, "opportunitySnapshots">;
  catalog: Catalog;
  clock: () => Date;
  /** "Within the window": the digest's. */
  windowDays: number;
}

const isOpen = (o: OpportunityState) => !(CLOSED_STAGES as readonly string[]).includes(o.stage ?? "");
const closing = (o: OpportunityState) => o.targetCloseDate ?? "9999-12-31";
/** What AWS asks action on first, then closing soonest. */
const byUrgency = (a: OpportunityState, b: OpportunityState) =>
  Number(b.reviewStatus === ACTION_REQUIRED) - Number(a.reviewStatus === ACTION_REQUIRED) ||
  closing(a).localeCompare(closing(b)) ||
  a.id.localeCompare(b.id);

/** What the app last saw of every opportunity, read once and shared by every Home published alike. */
export interface SeenOpportunities {
  /** The open ones, what AWS asks action on first, then closing soonest. */
  open: OpportunityState[];
  known: number;
  /** Target close dates before this day are within the window. */
  due: string;
}

/**
 * Opportunities on the App Home, from the states the app keeps of every opportunity it follows (events,
 * looks, and every open one recorded once), so that opening the Home asks Partner Central nothing.
 */
export class HomeOpportunities {
  readonly #deps: HomeOpportunitiesDeps;

  constructor(deps: HomeOpportunitiesDeps) {
    this.#deps = deps;
  }

  /** Every state the app keeps, read and parsed once for however many viewers. */
  async seen(): Promise<SeenOpportunities> {
    const snapshots = await this.#deps.store.opportunitySnapshots.list(this.#deps.catalog);
    const all = snapshots.flatMap((s) => parseState(s.state) ?? []);
    return {
      open: all.filter(isOpen).sort(byUrgency),
      known: all.length,
      due: dayAfter(this.#deps.clock(), this.#deps.windowDays + 1),
    };
  }

  /** One viewer's list, by their e-mail address, from what was seen. */
  forViewer(seen: SeenOpportunities, email: string | undefined): HomeOpportunityList {
    const mail = email?.toLowerCase();
    return {
      mine: mail ? seen.open.filter((o) => o.team.includes(mail)) : [],
      needAction: seen.open.filter(
        (o) =>
          o.reviewStatus === ACTION_REQUIRED ||
          (o.targetCloseDate !== undefined && o.targetCloseDate < seen.due),
      ),
      known: seen.known,
      windowDays: this.#deps.windowDays,
    };
  }
}
