// The two constants of the upstream sender's at-most-once rule (upstream-sender.ts): how long a
// recorded send may still be running elsewhere, and what a message whose earlier send left no
// outcome is reported as, instead of being sent a second time. That failure is provisional
// (@switchboard/proto send-outcome.ts): Meta's own later report of the message supersedes it.
import { OUTCOME_UNKNOWN_CODE, OUTCOME_UNKNOWN_TITLE } from "@switchboard/proto";
import type { UpstreamFailure } from "./upstream-channel.ts";

/** How long a send that recorded its intent may still be running in another consumer (Meta timeout × attempts). */
export const SEND_LEASE_MS = 120_000;

/** The `failed` status of a message whose earlier send has no recorded outcome: never sent twice. */
export const outcomeUnknown: UpstreamFailure = {
  code: OUTCOME_UNKNOWN_CODE,
  title: OUTCOME_UNKNOWN_TITLE,
  message: OUTCOME_UNKNOWN_TITLE,
  details:
    "The platform was interrupted while handing this message to WhatsApp and cannot tell whether it was sent; " +
    "it was not sent again, to avoid a duplicate. Check with the recipient before sending it again.",
  httpStatus: 0,
};
