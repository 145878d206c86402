import { createRequire, Module } from "node:module";
import type { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";

export interface BoltModules {
  App: typeof App;
  HTTPReceiver: typeof HTTPReceiver;
  SocketModeReceiver: typeof SocketModeReceiver;
}

const require = createRequire(import.meta.url);
const APP = "@slack/bolt/dist/App.js";
const HTTP_RECEIVER = "@slack/bolt/dist/receivers/HTTPReceiver.js";
const SOCKET_MODE_RECEIVER = "@slack/bolt/dist/receivers/SocketModeReceiver.js";

/**
 * Bolt's App and the two receivers the app uses, from their own modules. Bolt's index also loads Express
 * and the AWS Lambda receiver, which no configuration of this app uses (about 6 MB resident and 30 ms of
 * start-up on Node 24). Bolt's App module requires the Socket Mode receiver, and that module requires the
 * Socket Mode client and, with it, undici (about 9 MB and 50 ms); the client is loaded only when a
 * Socket Mode receiver is made, that is with SLACK_APP_TOKEN.
 */
export function loadBolt(): BoltModules {
  deferSocketModeClient();
  const load = <T>(path: string) => (require(path) as { default: T }).default;
  return {
    App: load<typeof App>(APP),
    HTTPReceiver: load<typeof HTTPReceiver>(HTTP_RECEIVER),
    SocketModeReceiver: load<typeof SocketModeReceiver>(SOCKET_MODE_RECEIVER),
  };
}

/**
 * Puts a stand-in for `@slack/socket-mode` in Node's require cache (which Node lets a program fill), as
 * Bolt's Socket Mode receiver resolves it. The receiver module only keeps the module object and reads its
 * `SocketModeClient` in its constructor: the first read loads the real module in the stand-in's place.
 */
function deferSocketModeClient(): void {
  const path = createRequire(require.resolve(SOCKET_MODE_RECEIVER)).resolve("@slack/socket-mode");
  if (require.cache[path]) return;
  let real: object | undefined;
  const load = (): object => {
    if (!real) {
      delete require.cache[path];
      real = require(path) as object;
    }
    return real;
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_target, key) => Reflect.get(load(), key),
      has: (_target, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[path] = standIn;
}
