import type { AlertChannel, Store } from "../store/index.ts";

/**
 * Where alerts go: the channels switched on with `/partnercentral alerts on`, and the configured channel
 * unless it was switched off there.
 */
export async function alertChannels(
  store: Pick<Store, "alertChannels">,
  configured: string | undefined,
): Promise<string[]> {
  const settings = await store.alertChannels.list();
  const on = settings.filter((c) => c.enabled).map((c) => c.channelId);
  if (configured && !settings.some((c) => c.channelId === configured)) on.push(configured);
  return on;
}

/** Whether a channel gets alerts: by its own setting (who switched it, when), else by the configuration. */
export async function alertStatus(
  store: Pick<Store, "alertChannels">,
  configured: string | undefined,
  channelId: string,
): Promise<{ on: boolean; setting?: AlertChannel }> {
  const setting = (await store.alertChannels.list()).find((c) => c.channelId === channelId);
  return setting ? { on: setting.enabled, setting } : { on: configured === channelId };
}
