// The failures the simulator reports, with Meta's real error codes and titles, so businesses
// exercise the same handling they need against Meta.
import type { UpstreamFailure } from "../upstream-channel.ts";

export const SIMULATED_FAILURES: readonly UpstreamFailure[] = [
  {
    code: 131026,
    title: "Message undeliverable",
    message: "Message undeliverable",
    details: "The recipient could not be reached (simulated).",
    httpStatus: 200,
  },
  {
    code: 131049,
    title: "This message was not delivered to maintain healthy ecosystem engagement.",
    message: "This message was not delivered to maintain healthy ecosystem engagement.",
    details: "Delivery withheld (simulated).",
    httpStatus: 200,
  },
  {
    code: 131000,
    title: "Something went wrong",
    message: "Something went wrong",
    details: "Temporary failure (simulated).",
    httpStatus: 200,
  },
];
