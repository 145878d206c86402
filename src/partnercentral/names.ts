import {
  type PartnerCentralAccountClient,
  paginateListConnections,
} from "@aws-sdk/client-partnercentral-account";
import { PartnerCentralError } from "./errors.ts";
import type { Catalog, Invitation } from "./model.ts";
import { allItems, pagesOf } from "./pages.ts";

/** How long names from ListConnections are used before they are looked up again. */
const NAMES_TTL_MS = 10 * 60_000;
/** After a failed look-up, invitations go without names this long rather than waiting on AWS each time. */
const RETRY_AFTER_FAILURE_MS = 60_000;

type Names = ReadonlyMap<string, string>;

/**
 * Partners' company names by AWS account id or profile id, from what Partner Central returns: the other
 * participants of our connections, and the senders of engagement invitations. A connection invitation
 * names its partner only by id, so lists and details show the name found here instead.
 */
export class PartnerNames {
  private readonly fromConnections = new Map<Catalog, { until: number; names: Names }>();
  private readonly loading = new Map<Catalog, Promise<Names>>();
  private readonly learned = new Map<Catalog, Map<string, string>>();

  private readonly client: PartnerCentralAccountClient;
  private readonly now: () => number;

  constructor(client: PartnerCentralAccountClient, now: () => number = Date.now) {
    this.client = client;
    this.now = now;
  }

  /** Keeps a name AWS gave with something else, such as the sender of an engagement invitation. */
  learn(catalog: Catalog, id: string | undefined, name: string | undefined): void {
    if (!id || !name?.trim()) return;
    const names = this.learned.get(catalog) ?? new Map<string, string>();
    names.set(id, name.trim());
    this.learned.set(catalog, names);
  }

  /** The invitations, each with its partner's name where it was missing and is known. */
  async name(catalog: Catalog, invitations: Invitation[]): Promise<Invitation[]> {
    const idOf = (i: Invitation) => i.counterpart.awsAccountId ?? i.counterpart.identifier;
    if (invitations.every((i) => i.counterpart.name || !idOf(i))) return invitations;
    const connections = await this.connectionNames(catalog);
    const learned = this.learned.get(catalog);
    return invitations.map((invitation) => {
      const id = idOf(invitation);
      const name = id ? (connections.get(id) ?? learned?.get(id)) : undefined;
      return invitation.counterpart.name || !name
        ? invitation
        : { ...invitation, counterpart: { ...invitation.counterpart, name } };
    });
  }

  private connectionNames(catalog: Catalog): Promise<Names> {
    const cached = this.fromConnections.get(catalog);
    if (cached && cached.until > this.now()) return Promise.resolve(cached.names);
    const running = this.loading.get(catalog);
    if (running) return running;
    const load = this.load(catalog).finally(() => this.loading.delete(catalog));
    this.loading.set(catalog, load);
    return load;
  }

  private async load(catalog: Catalog): Promise<Names> {
    const names = new Map<string, string>();
    try {
      const connections = pagesOf(
        "ListConnections",
        undefined,
        (config) => paginateListConnections({ client: this.client, ...config }, { Catalog: catalog }),
        (output) => output.ConnectionSummaries ?? [],
      );
      for (const connection of await allItems(connections)) {
        for (const type of Object.values(connection.ConnectionTypes ?? {})) {
          const participant = type?.OtherParticipant;
          const profile = participant?.PartnerProfile ?? participant?.SellerProfile;
          const name = profile?.Name ?? participant?.Account?.Name;
          if (!name) continue;
          if (connection.OtherParticipantAccountId) names.set(connection.OtherParticipantAccountId, name);
          if (profile?.Id) names.set(profile.Id, name);
        }
      }
      this.fromConnections.set(catalog, { until: this.now() + NAMES_TTL_MS, names });
    } catch (error) {
      // Names only make a list easier to read: without them it shows ids, as before.
      if (!(error instanceof PartnerCentralError)) throw error;
      this.fromConnections.set(catalog, { until: this.now() + RETRY_AFTER_FAILURE_MS, names });
    }
    return names;
  }
}
