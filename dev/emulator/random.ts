/** A seeded PRNG returning floats in [0, 1). */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data; the same seed always yields the same stream. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick() from an empty list");
  return item;
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}

const LOWER_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";
const MIXED_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

function chars(rng: Rng, alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/**
 * Identifier generators. Patterns come from the Partner Central API reference:
 * engi-[0-9a-z]{13}, eng-[0-9a-z]{14}, task-[0-9a-z]{13}, job-[0-9a-z]{13}, O[0-9]{1,19},
 * pac-[A-Za-z0-9]{13}, pacinv-[A-Za-z0-9]{13}, pprofile-[A-Za-z0-9]{13}.
 * The seller profile id pattern is not published; sprofile-[A-Za-z0-9]{13} mirrors pprofile-.
 */
export const ids = {
  engagementInvitation: (rng: Rng) => `engi-${chars(rng, LOWER_ALNUM, 13)}`,
  engagement: (rng: Rng) => `eng-${chars(rng, LOWER_ALNUM, 14)}`,
  task: (rng: Rng) => `task-${chars(rng, LOWER_ALNUM, 13)}`,
  resourceSnapshotJob: (rng: Rng) => `job-${chars(rng, LOWER_ALNUM, 13)}`,
  opportunity: (rng: Rng) => `O${randomInt(rng, 1, 9)}${chars(rng, DIGITS, 9)}`,
  connection: (rng: Rng) => `pac-${chars(rng, MIXED_ALNUM, 13)}`,
  connectionInvitation: (rng: Rng) => `pacinv-${chars(rng, MIXED_ALNUM, 13)}`,
  partnerProfile: (rng: Rng) => `pprofile-${chars(rng, MIXED_ALNUM, 13)}`,
  sellerProfile: (rng: Rng) => `sprofile-${chars(rng, MIXED_ALNUM, 13)}`,
  awsAccount: (rng: Rng) => `${randomInt(rng, 1, 9)}${chars(rng, DIGITS, 11)}`,
};
