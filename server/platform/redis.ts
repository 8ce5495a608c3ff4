import type { createClient } from "redis";
import type { Server as SocketServer } from "socket.io";
import type { DomainEvents } from "@shared/events.js";
import { domainEvents } from "./events.js";
import { PROCESS_ID } from "./lease.js";
import type { Logger } from "./logger.js";

/**
 * Redis for several app processes (REDIS_URL): socket.io's Redis adapter, so room operations
 * and server-side emits reach sockets held by other processes, and a relay of the domain
 * events every process must hear. Redis holds no data of ours; an outage is logged and the
 * process keeps serving HTTP, and the clients reconnect (and resubscribe) by themselves.
 */
export interface RedisLink {
  /** Puts socket.io on the Redis adapter; call before any socket connects. */
  attach(io: SocketServer): void;
  /** Stops relaying and closes both connections (waits at most `CLOSE_WAIT_MS` for Redis). */
  close(): Promise<void>;
}

/** Thrown when Redis cannot be reached at start; `main` prints it and exits 1. */
export class RedisError extends Error {}

type RedisClient = ReturnType<typeof createClient>;

const CONNECT_TIMEOUT_MS = 10_000;
const CLOSE_WAIT_MS = 1000;
/** The channel of relayed domain events; socket.io's own channels start with `socket.io`. */
export const EVENTS_CHANNEL = "community-pulse#events";

/**
 * Events other processes must hear. `response.stored`: each process's live broadcaster pushes
 * to the dashboards connected to it, and its result caches forget the survey.
 * `survey.changed`: caches of survey definitions (submissions) and results forget it.
 * `staff.sessions.changed`: session caches forget the person, and the live sockets of that
 * person (or session) are re-read at once: ended, or moved to the new role's rooms.
 */
const RELAYED = [
  "response.stored",
  "survey.changed",
  "staff.sessions.changed",
] as const satisfies ReadonlyArray<keyof DomainEvents>;
type Relayed = (typeof RELAYED)[number];

interface RelayedMessage {
  origin: string;
  name: Relayed;
  payload: DomainEvents[Relayed];
}

/** Calls the adapter makes without awaiting them; a rejection must not end the process. */
const FIRE_AND_FORGET = new Set([
  "publish",
  "sPublish",
  "subscribe",
  "unsubscribe",
  "pSubscribe",
  "pUnsubscribe",
  "sSubscribe",
  "sUnsubscribe",
]);

/**
 * The client as the adapter sees it: the adapter publishes and (un)subscribes without a
 * `.catch`, so a command cut off by a lost connection would be an unhandled rejection, which
 * ends a Node process. Here such a rejection is logged instead. Methods are bound to the
 * real client because node-redis keeps its state in private fields.
 */
function guarded(client: RedisClient, logger: Logger): RedisClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = (value as (...args: unknown[]) => unknown).bind(target);
      if (typeof property !== "string" || !FIRE_AND_FORGET.has(property)) return method;
      return (...args: unknown[]) => {
        const result = method(...args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          logger.warn({ err: error, command: property }, "redis command failed");
        });
      };
    },
  });
}

/** Logs a lost connection once (node-redis reports every failed reconnect) and its return. */
function watchConnection(client: RedisClient, role: string, logger: Logger): void {
  let up = false;
  let everUp = false;
  client.on("ready", () => {
    if (everUp) logger.warn({ redis: role }, "redis connection restored");
    up = true;
    everUp = true;
  });
  client.on("error", (error: unknown) => {
    if (!up) return;
    up = false;
    logger.error(
      { err: error, redis: role },
      "redis connection lost; live updates stay local until it returns",
    );
  });
}

async function connectWithin(clients: RedisClient[], url: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new RedisError(
            `Redis at REDIS_URL (${safeUrl(url)}) did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`,
          ),
        ),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([Promise.all(clients.map((c) => c.connect())), timeout]);
  } catch (error) {
    for (const client of clients) if (client.isOpen) client.destroy();
    if (error instanceof RedisError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new RedisError(`Redis at REDIS_URL (${safeUrl(url)}) refused the connection: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
}

/** The URL without its password, for messages. */
function safeUrl(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, "//$1:***@");
}

/** Publishes relayed events of this process; re-emits other processes' events here. */
async function startRelay(pub: RedisClient, sub: RedisClient, logger: Logger): Promise<() => void> {
  // Set while a remote event is re-emitted, so this process does not publish it back.
  let replaying = false;
  const offs = RELAYED.map((name) =>
    domainEvents.on(name, (payload) => {
      // While Redis is down an event is dropped, not queued: a long outage must not grow the
      // offline queue without bound. Other processes' caches check the database themselves
      // or expire within seconds; their dashboards catch up with the next response.
      if (replaying || !pub.isReady) return;
      const message: RelayedMessage = { origin: PROCESS_ID, name, payload };
      void pub.publish(EVENTS_CHANNEL, JSON.stringify(message));
    }),
  );
  const listener = (raw: string): void => {
    let message: RelayedMessage;
    try {
      message = JSON.parse(raw) as RelayedMessage;
    } catch {
      return;
    }
    if (message.origin === PROCESS_ID || !(RELAYED as readonly string[]).includes(message.name)) return;
    replaying = true;
    try {
      domainEvents.emit(message.name, message.payload);
    } catch (error) {
      logger.error({ err: error, event: message.name }, "relayed event failed");
    } finally {
      replaying = false;
    }
  };
  await sub.subscribe(EVENTS_CHANNEL, listener);
  return () => {
    for (const off of offs) off();
    // Not awaited: while Redis is down the command waits in the offline queue.
    void sub.unsubscribe(EVENTS_CHANNEL, listener);
  };
}

/**
 * Connects the publishing and the subscribing client (a subscribed connection can do nothing
 * else) before the server listens. A Redis that does not answer at start is a configuration
 * problem and stops the start; one that goes away later is survived.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisLink> {
  // Loaded only when REDIS_URL is set: a single process does not carry the clients in memory.
  const [{ createClient }, { createAdapter }] = await Promise.all([
    import("redis"),
    import("@socket.io/redis-adapter"),
  ]);
  const rawPub = createClient({ url });
  const rawSub = rawPub.duplicate();
  watchConnection(rawPub, "publish", logger);
  watchConnection(rawSub, "subscribe", logger);
  await connectWithin([rawPub, rawSub], url);
  const pub = guarded(rawPub, logger);
  const sub = guarded(rawSub, logger);
  const stopRelay = await startRelay(pub, sub, logger);
  logger.info({ redis: safeUrl(url) }, "redis connected: socket.io adapter and event relay on");

  let closing: Promise<void> | null = null;
  return {
    attach(io) {
      io.adapter(createAdapter(pub, sub));
    },
    close() {
      closing ??= (async () => {
        stopRelay();
        // close() waits for Redis to answer what is queued; while Redis is down it would not return.
        const closed = Promise.allSettled([rawPub.close(), rawSub.close()]);
        await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
        for (const client of [rawPub, rawSub]) if (client.isOpen) client.destroy();
      })();
      return closing;
    },
  };
}
