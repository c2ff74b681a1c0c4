// What a simulated customer answers to an interactive message that asks for something, in the
// shape of Meta's inbound webhook message: a location request gets a shared location, a call
// permission request gets `call_permission_reply` granting a temporary permission (7 days, as a
// tap on "Allow" does). Undefined for every other body. Pure: the clock value is passed in.

const PERMISSION_DAYS = 7;

/** A fixed, plausible spot, so simulated replies are reproducible. */
const SIMULATED_LOCATION = {
  latitude: 52.520008,
  longitude: 13.404954,
  name: "Simulated customer",
  address: "Alexanderplatz 1, 10178 Berlin",
};

function interactiveTypeOf(bodyJson: string): unknown {
  try {
    return (JSON.parse(bodyJson) as { interactive?: { type?: unknown } }).interactive?.type;
  } catch {
    return undefined;
  }
}

/** The message type and its object (to merge into the reply), or undefined. */
export function requestAnswer(bodyJson: string, atMs: number): Record<string, unknown> | undefined {
  const type = interactiveTypeOf(bodyJson);
  if (type === "location_request_message") return { type: "location", location: SIMULATED_LOCATION };
  if (type === "call_permission_request") {
    return {
      type: "interactive",
      interactive: {
        type: "call_permission_reply",
        call_permission_reply: {
          response: "accept",
          is_permanent: false,
          expiration_timestamp: Math.floor(atMs / 1000) + PERMISSION_DAYS * 86_400,
          response_source: "user_action",
        },
      },
    };
  }
  return undefined;
}
