export interface FeedEvent {
  event: string;
  // biome-ignore lint/suspicious/noExplicitAny: each test reads the fields of the event it expects.
  data: any;
  /** The event's size on the wire. */
  bytes: number;
}

/** A preview page's event stream, read as the page reads it. */
export async function openFeed(url: string) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.body) throw new Error(`no stream at ${url}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let reading: Promise<ReadableStreamReadResult<string>> | undefined;
  return {
    /** The next event; rejects when none comes within `timeoutMs`. */
    async next(timeoutMs = 5_000): Promise<FeedEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const raw = buffer.slice(0, end + 2);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(raw)?.[1];
          const data = /^data: (.*)$/m.exec(raw)?.[1];
          // The stream's opening "retry:" line carries no event.
          if (event === undefined || data === undefined) continue;
          return { event, data: JSON.parse(data), bytes: Buffer.byteLength(raw) };
        }
        // A read that timed out is still pending and is taken up by the next call.
        reading ??= reader.read();
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
        });
        const result = await Promise.race([reading, timeout]).finally(() => clearTimeout(timer));
        if (result === "timeout") throw new Error(`no event within ${timeoutMs} ms`);
        reading = undefined;
        if (result.done) throw new Error("the stream ended");
        buffer += result.value;
      }
    },
    close: () => controller.abort(),
  };
}
