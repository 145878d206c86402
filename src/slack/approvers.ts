import type { LRUCache } from "lru-cache";
import { boundedCache } from "../bounded-cache.ts";
import type { Viewer } from "./blocks/types.ts";

const GROUP_CACHE_MS = 5 * 60_000;

/** What approvers may do, as a sentence names it ("Only … can accept, reject or cancel invitations."). */
export interface Acts {
  verb: string;
  what?: string;
}

/** What approvers may do to invitations. */
export const INVITATION_ACTS: Acts = { verb: "accept, reject or cancel" };

/** Someone who reads what the app drew for them: whether they may do `acts`, and if not, who may. */
export function viewerFor(approvers: Pick<Approvers, "describe">, mayAct: boolean, acts: Acts): Viewer {
  return { mayAct, approversText: approvers.describe(acts.verb, acts.what) };
}

/** The one Web API method approvers need (the app's WebClient has it; a test hands in its own). */
export interface UsergroupMembers {
  usergroups: { users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> } };
}

/**
 * Who may accept, reject and cancel: the listed users and the members of one user group, looked up with
 * usergroups.users.list and cached for a few minutes.
 */
export class Approvers {
  /** The one group's members, by its id. */
  private readonly cachedGroup: LRUCache<string, Set<string>>;

  private readonly userIds: readonly string[];
  private readonly usergroupId: string | undefined;

  constructor(userIds: readonly string[], usergroupId: string | undefined, clock: () => Date) {
    this.userIds = userIds;
    this.usergroupId = usergroupId;
    this.cachedGroup = boundedCache({ max: 1, ttlMs: GROUP_CACHE_MS, clock });
  }

  get configured(): boolean {
    return this.userIds.length > 0 || this.usergroupId !== undefined;
  }

  async canAct(userId: string, client: UsergroupMembers): Promise<boolean> {
    if (this.userIds.includes(userId)) return true;
    if (!this.usergroupId) return false;
    return (await this.groupMembers(client)).has(userId);
  }

  /**
   * Everyone who may act: the listed users and the group's members, or the listed users alone while the
   * group cannot be read.
   */
  async members(client: UsergroupMembers): Promise<string[]> {
    const group = this.usergroupId
      ? await this.groupMembers(client).catch(() => new Set<string>())
      : new Set<string>();
    return [...new Set([...this.userIds, ...group])];
  }

  private async groupMembers(client: UsergroupMembers): Promise<Set<string>> {
    const usergroup = this.usergroupId as string;
    const cached = this.cachedGroup.get(usergroup);
    if (cached) return cached;
    const response = await client.usergroups.users.list({ usergroup });
    const members = new Set(response.users ?? []);
    this.cachedGroup.set(usergroup, members);
    return members;
  }

  /** Who may act, mentioned (so they are notified): "<@U1> or members of <!subteam^S1>"; "" when nobody. */
  mention(): string {
    const who = [
      ...this.userIds.map((id) => `<@${id}>`),
      ...(this.usergroupId ? [`members of <!subteam^${this.usergroupId}>`] : []),
    ];
    return who.length > 1 ? `${who.slice(0, -1).join(", ")} or ${who.at(-1)}` : (who[0] ?? "");
  }

  /**
   * Who may act, as a sentence: the listed users and the group, or how an admin lets anyone act. `what`
   * they act on: invitations, or opportunities.
   */
  describe(verb: string, what = "invitations"): string {
    if (!this.configured) {
      return `Nobody can ${verb} ${what} from Slack yet. An admin sets APPROVER_USER_IDS or APPROVER_USERGROUP_ID to choose who may.`;
    }
    return `Only ${this.mention()} can ${verb} ${what}.`;
  }

  /** The refusal names who can act, or says how to let anyone act at all. */
  refusal(verb: string, what = "invitations"): string {
    return `:lock: ${this.describe(verb, what)}${this.configured ? " Nothing was changed." : ""}`;
  }
}
