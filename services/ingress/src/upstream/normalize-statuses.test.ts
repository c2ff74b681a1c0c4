// Statuses of our Cloud API sends: the callback data Meta echoes is our wrapper around the
// business's own (upstream-ids/callback-wrapper.ts). The business always gets its own value back,
// and a wamid never recorded (the send's answer was lost) is attributed by the wrapper.
import type { MessageStatusReceived } from "@switchboard/proto/gen/switchboard/events/v1/messages";
import { describe, expect, it } from "vitest";
import { wrapCallbackData } from "../upstream-ids/callback-wrapper.ts";
import { statusEvents } from "./normalize-statuses.ts";
import type { UpstreamTarget } from "./planned-event.ts";

const target: UpstreamTarget = {
  tenantId: "tn_1",
  businessId: "200000000000001",
  phoneNumberId: "100000000000001",
  hosting: undefined,
};
const OURS = "wamid.ours-lost-answer";
const META = "wamid.HBgMETA-never-recorded";

/** One Meta status of META, with the callback data as echoed (omitted when undefined). */
const statusOf = (echoed: string | undefined, ourIds: ReadonlyMap<string, string> = new Map()) => {
  const value = {
    statuses: [
      {
        id: META,
        status: "delivered",
        timestamp: "1760000100",
        recipient_id: "15557770001",
        ...(echoed === undefined ? {} : { biz_opaque_callback_data: echoed }),
      },
    ],
  };
  const planned = statusEvents(value, target, 1, ourIds);
  return { planned: planned[0], data: planned[0]?.event.data as MessageStatusReceived };
};

describe("statuses of sends through the Cloud API", () => {
  it("attributes a wamid never recorded to the message our wrapper names, and gives back only the business's value", () => {
    const { planned, data } = statusOf(wrapCallbackData(OURS, "order-77"));
    expect(data).toMatchObject({ messageId: OURS, status: "delivered", bizOpaqueCallbackData: "order-77" });
    // Deduplicated under our id, like the status of a send whose answer arrived.
    expect(planned?.claim).toEqual({ kind: "status", wamid: OURS, status: "delivered" });
  });

  it("gives a business that set no callback data none back", () => {
    expect(statusOf(wrapCallbackData(OURS, "")).data).toMatchObject({ messageId: OURS, bizOpaqueCallbackData: "" });
  });

  it("gives back a business value that looks like our wrapper whole, attributed by our outer layer only", () => {
    const lookalike = wrapCallbackData("wamid.another-message", "x");
    expect(statusOf(wrapCallbackData(OURS, lookalike)).data).toMatchObject({
      messageId: OURS,
      bizOpaqueCallbackData: lookalike,
    });
  });

  it("prefers the id recorded when Meta answered", () => {
    const ourIds = new Map([[META, "wamid.recorded"]]);
    expect(statusOf(wrapCallbackData(OURS, "v"), ourIds).data).toMatchObject({
      messageId: "wamid.recorded",
      bizOpaqueCallbackData: "v",
    });
  });

  it("passes an unwrapped value (too long to wrap, or no data at all) and an unknown wamid through as they are", () => {
    const tooLong = "y".repeat(500);
    expect(statusOf(tooLong).data).toMatchObject({ messageId: META, bizOpaqueCallbackData: tooLong });
    expect(statusOf(undefined).data).toMatchObject({ messageId: META, bizOpaqueCallbackData: "" });
  });
});
