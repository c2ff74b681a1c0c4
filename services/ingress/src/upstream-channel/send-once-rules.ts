// The two constants of the upstream sender's at-most-once rule (upstream-sender.ts): how long a
// recorded send may still be running elsewhere, and what a message whose earlier send left no
// outcome is reported as, instead of being sent a second time.
import { GENERIC_FAILURE_CODE } from "./meta-error.ts";
import type { UpstreamFailure } from "./upstream-channel.ts";

/** How long a send that recorded its intent may still be running in another consumer (Meta timeout × attempts). */
export const SEND_LEASE_MS = 120_000;

/** The `failed` status of a message whose earlier send has no recorded outcome: never sent twice. */
export const outcomeUnknown: UpstreamFailure = {
  code: GENERIC_FAILURE_CODE,
  title: "Delivery outcome unknown",
  message: "Delivery outcome unknown",
  details:
    "The platform was interrupted while handing this message to WhatsApp and cannot tell whether it was sent; " +
    "it was not sent again, to avoid a duplicate. Check with the recipient before sending it again.",
  httpStatus: 0,
};
