import type { ThreadActivity } from "@switchboard/proto/gen/switchboard/conversation/v1/conversation";
import { describe, expect, it } from "vitest";
import { type ActivityRoute, createWatchHub } from "./watch-hub.ts";

const route = (tenantId: string, threadId: string): ActivityRoute => ({
  tenantId,
  businessId: "b",
  phoneNumberId: "p",
  threadId,
});
const activity = (eventId: string): ThreadActivity => ({ eventId, threadId: "x", phoneNumberId: "p" });

describe("watch hub", () => {
  it("gives each watcher only what its filter accepts, until it unregisters", () => {
    const hub = createWatchHub();
    const a: string[] = [];
    const b: string[] = [];
    const unregisterA = hub.register({
      matches: (r) => r.tenantId === "ta",
      push: (x) => void a.push(x.eventId),
      end: () => {},
    });
    hub.register({ matches: (r) => r.tenantId === "tb", push: (x) => void b.push(x.eventId), end: () => {} });
    hub.offer(route("ta", "t1"), activity("e1"));
    hub.offer(route("tb", "t2"), activity("e2"));
    unregisterA();
    hub.offer(route("ta", "t1"), activity("e3"));
    expect(a).toEqual(["e1"]);
    expect(b).toEqual(["e2"]);
    expect(hub.size).toBe(1);
  });

  it("ends every watcher once on close, and ends late registrations at once", () => {
    const hub = createWatchHub();
    let ended = 0;
    hub.register({ matches: () => true, push: () => {}, end: () => void ended++ });
    hub.close();
    hub.register({ matches: () => true, push: () => {}, end: () => void ended++ });
    hub.offer(route("ta", "t1"), activity("e1"));
    expect(ended).toBe(2);
    expect(hub.size).toBe(0);
  });
});
