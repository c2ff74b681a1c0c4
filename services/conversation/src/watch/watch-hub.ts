// The in-process fan-out behind WatchThread and WatchBusiness: thread activity consumed from
// Kafka is offered to every open stream of this process, and each stream keeps what its filter
// (always including the caller's tenant scope) matches. It holds no history and must never
// deliver an activity to a watcher whose filter did not accept it.
import type { ThreadActivity } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";

/** Whose activity it is: what watcher filters match on. */
export interface ActivityRoute {
  tenantId: string;
  businessId: string;
  phoneNumberId: string;
  /** The stored (alias-resolved) thread id. */
  threadId: string;
}

export interface Watcher {
  matches(route: ActivityRoute): boolean;
  push(activity: ThreadActivity): void;
  /** Called once when the hub closes (shutdown): the stream should end cleanly. */
  end(): void;
}

export interface WatchHub {
  /** How many streams are open; the consumer skips work when none are. */
  readonly size: number;
  register(watcher: Watcher): () => void;
  offer(route: ActivityRoute, activity: ThreadActivity): void;
  close(): void;
}

export function createWatchHub(): WatchHub {
  const watchers = new Set<Watcher>();
  let closed = false;
  return {
    get size() {
      return watchers.size;
    },
    register(watcher) {
      if (closed) {
        watcher.end();
        return () => {};
      }
      watchers.add(watcher);
      return () => void watchers.delete(watcher);
    },
    offer(route, activity) {
      for (const watcher of watchers) if (watcher.matches(route)) watcher.push(activity);
    },
    close() {
      closed = true;
      for (const watcher of [...watchers]) watcher.end();
      watchers.clear();
    },
  };
}
