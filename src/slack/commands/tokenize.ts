export interface Token {
  /** Lower-cased key of a `key=value` token; undefined for a bare word. */
  key?: string;
  value: string;
  raw: string;
}

/** Slack clients often turn straight quotes into typographic ones. */
const quotePairs: Record<string, string> = { '"': '"', "'": "'", "“": "”", "”": "”", "‘": "’", "’": "’" };

/**
 * Splits command text into words and `key=value` pairs; values may be quoted to hold spaces
 * (`cron="0 9 * * 1-5"`). Returns an error sentence for an unterminated quote.
 */
export function tokenize(text: string): Token[] | { error: string } {
  const tokens: Token[] = [];
  let i = 0;
  const input = text.trim();
  while (i < input.length) {
    while (i < input.length && /\s/.test(input.charAt(i))) i++;
    if (i >= input.length) break;
    const start = i;
    let value = "";
    let key: string | undefined;
    while (i < input.length && !/\s/.test(input.charAt(i))) {
      const ch = input.charAt(i);
      if (ch === "=" && key === undefined) {
        key = value.toLowerCase();
        value = "";
        i++;
        continue;
      }
      const closing = quotePairs[ch];
      if (closing) {
        const end = findClosingQuote(input, i + 1, ch, closing);
        if (end < 0)
          return { error: `The quote that starts at \`${input.slice(start, start + 20)}\` is never closed.` };
        value += input.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      value += ch;
      i++;
    }
    tokens.push({ ...(key !== undefined ? { key } : {}), value, raw: input.slice(start, i) });
  }
  return tokens;
}

function findClosingQuote(input: string, from: number, opening: string, closing: string): number {
  for (let j = from; j < input.length; j++) {
    const ch = input.charAt(j);
    if (ch === closing || ch === opening || (closing === "”" && ch === "“")) return j;
  }
  return -1;
}
