import {
  type ConnectionSummary,
  type PartnerCentralAccountClient,
  paginateListConnections,
} from "@aws-sdk/client-partnercentral-account";
import {
  type PartnerCentralSellingClient,
  paginateListEngagementInvitations,
} from "@aws-sdk/client-partnercentral-selling";
import { LookupCache } from "./cache.ts";
import { PartnerCentralError } from "./errors.ts";
import { type Catalog, ID_FORMATS, type Invitation } from "./model.ts";
import { allItems, pagesOf } from "./pages.ts";

/** A partner's company name rarely changes: it is looked up again after this. */
const NAME_TTL_MS = 6 * 3_600_000;
/** An id Partner Central could not name is asked about again after this. */
const UNKNOWN_TTL_MS = 10 * 60_000;
/** After a failed look-up, ids go without names this long rather than waiting on AWS each time. */
const RETRY_AFTER_FAILURE_MS = 60_000;
/** Names kept at most, the least recently used forgotten first. */
const MAX_NAMES = 5_000;
/** ListConnections filters by up to 100 participants a call, ListEngagementInvitations by up to 10 senders. */
const PARTICIPANTS_PER_CALL = 100;
const SENDERS_PER_CALL = 10;
/** Pages of a sender's invitations read to find its name: any one of them carries it. */
const SENDER_PAGES = 2;

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** The other participant's name in each type of a connection, by its account id and its profile id. */
function connectionNames(connection: ConnectionSummary): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const type of Object.values(connection.ConnectionTypes ?? {})) {
    const participant = type?.OtherParticipant;
    const profile = participant?.PartnerProfile ?? participant?.SellerProfile;
    const name = (profile?.Name ?? participant?.Account?.Name)?.trim();
    if (!name) continue;
    if (connection.OtherParticipantAccountId) found.push([connection.OtherParticipantAccountId, name]);
    if (profile?.Id) found.push([profile.Id, name]);
  }
  return found;
}

/**
 * Partners' company names by AWS account id or partner profile id, the same on every screen whatever ran
 * first: a name AWS gave with something else (an engagement invitation's sender) is kept, and one not known
 * yet is looked up on demand from what Partner Central offers — our connections with that participant
 * (ListConnections filtered by it), else the invitations it sent us (ListEngagementInvitations filtered by
 * sender). Names are kept per catalog, bounded in number and age; concurrent look-ups of one id share a call.
 */
export class PartnerNames {
  readonly #names: LookupCache<string>;
  readonly #account: PartnerCentralAccountClient;
  readonly #selling?: PartnerCentralSellingClient;

  constructor(
    clients: { account: PartnerCentralAccountClient; selling?: PartnerCentralSellingClient },
    options: { clock?: () => Date; maxEntries?: number } = {},
  ) {
    this.#account = clients.account;
    if (clients.selling) this.#selling = clients.selling;
    this.#names = new LookupCache({
      maxEntries: options.maxEntries ?? MAX_NAMES,
      ...(options.clock ? { clock: options.clock } : {}),
    });
  }

  /** How many ids have a name (or a known absence of one) kept; for tests and metrics. */
  get size(): number {
    return this.#names.size;
  }

  /** Keeps a name AWS gave with something else, such as the sender of an engagement invitation. */
  learn(catalog: Catalog, id: string | undefined, name: string | undefined): void {
    if (!id || !name?.trim()) return;
    this.#names.set(`${catalog}:${id}`, name.trim(), NAME_TTL_MS);
  }

  /** The names Partner Central knows for these ids (account or profile ids), by id; unknown ones left out. */
  async resolve(catalog: Catalog, ids: string[]): Promise<Map<string, string>> {
    const wanted = ids.filter((id) => ID_FORMATS.participant.pattern.test(id));
    if (wanted.length === 0) return new Map();
    const found = await this.#names.getAll(
      wanted.map((id) => `${catalog}:${id}`),
      (missing) =>
        this.#load(
          catalog,
          missing.map((key) => key.slice(catalog.length + 1)),
        ),
    );
    return new Map([...found].map(([key, name]) => [key.slice(catalog.length + 1), name]));
  }

  /** The invitations, each with its partner's name where it was missing and Partner Central knows it. */
  async name(catalog: Catalog, invitations: Invitation[]): Promise<Invitation[]> {
    const idOf = (i: Invitation) => i.counterpart.awsAccountId ?? i.counterpart.identifier;
    const unnamed = invitations.flatMap((i) => (i.counterpart.name ? [] : (idOf(i) ?? [])));
    if (unnamed.length === 0) return invitations;
    const names = await this.resolve(catalog, unnamed);
    return invitations.map((invitation) => {
      const id = idOf(invitation);
      const name = id ? names.get(id) : undefined;
      return invitation.counterpart.name || !name
        ? invitation
        : { ...invitation, counterpart: { ...invitation.counterpart, name } };
    });
  }

  /** Looks the ids up and keeps what was found, and for how long what was not. */
  async #load(catalog: Catalog, ids: string[]): Promise<void> {
    const found = new Map<string, string>();
    let failed = false;
    // Names only make a row easier to read: without them it shows labelled ids, as before.
    const tryLookup = async (lookup: () => Promise<void>) => {
      try {
        await lookup();
      } catch (error) {
        if (!(error instanceof PartnerCentralError)) throw error;
        failed = true;
      }
    };
    await tryLookup(async () => {
      for (const batch of chunks(ids, PARTICIPANTS_PER_CALL)) {
        const input = { Catalog: catalog, OtherParticipantIdentifiers: batch };
        const connections = pagesOf(
          "ListConnections",
          undefined,
          (config) => paginateListConnections({ client: this.#account, ...config }, input),
          (output) => output.ConnectionSummaries ?? [],
        );
        for (const connection of await allItems(connections)) {
          for (const [id, name] of connectionNames(connection)) found.set(id, name);
        }
      }
    });
    const senders = ids.filter((id) => ID_FORMATS.awsAccount.pattern.test(id) && !found.has(id));
    const selling = this.#selling;
    if (selling && senders.length > 0) {
      await tryLookup(async () => {
        for (const batch of chunks(senders, SENDERS_PER_CALL)) {
          const input = { Catalog: catalog, ParticipantType: "RECEIVER" as const, SenderAwsAccountId: batch };
          let pages = 0;
          for await (const { items } of pagesOf(
            "ListEngagementInvitations",
            undefined,
            (config) => paginateListEngagementInvitations({ client: selling, ...config }, input),
            (output) => output.EngagementInvitationSummaries ?? [],
          )) {
            for (const { SenderAwsAccountId: id, SenderCompanyName: name } of items) {
              if (id && name?.trim()) found.set(id, name.trim());
            }
            if (batch.every((id) => found.has(id)) || ++pages >= SENDER_PAGES) break;
          }
        }
      });
    }
    for (const [id, name] of found) this.learn(catalog, id, name);
    const unknownFor = failed ? RETRY_AFTER_FAILURE_MS : UNKNOWN_TTL_MS;
    for (const id of ids) if (!found.has(id)) this.#names.set(`${catalog}:${id}`, undefined, unknownFor);
  }
}
