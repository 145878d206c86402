import type { HomeView, KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { HomeOpportunities } from "../home/opportunities.ts";
import { renderHomeOpportunities, withHomeOpportunities } from "./blocks/home-opportunities.ts";
import { emailOf } from "./user-profile.ts";

/**
 * A Home view with the viewer's opportunities (found by their Slack profile's e-mail address) and the
 * team's that need action; as it was without `opportunities`.
 */
export async function withOpportunitiesOf<V extends HomeView & { blocks: KnownBlock[] }>(
  opportunities: HomeOpportunities | undefined,
  client: WebClient,
  userId: string,
  view: V,
  now: Date,
): Promise<V> {
  if (!opportunities) return view;
  const lookup = await emailOf(client, userId);
  const viewer = "email" in lookup ? { email: lookup.email } : { problem: lookup.problem };
  const section = renderHomeOpportunities(await opportunities.forViewer(viewer.email), viewer, now);
  return { ...view, blocks: withHomeOpportunities(view.blocks, section) };
}
