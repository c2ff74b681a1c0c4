// Interactive messages that ask the customer for something other than a reply: permission for the
// business to call them (Calling API, `call_permission_request`) and their location
// (`location_request_message`, answered with a location message). Both are a body (1,024) and a
// fixed action name; WhatsApp draws the buttons, so there is nothing else to send.
import { z } from "zod";
import { body, interactiveMessage } from "./interactive-parts.ts";

export const callPermissionRequestMessage = interactiveMessage({
  type: z.literal("call_permission_request"),
  body,
  action: z.object({ name: z.literal("call_permission_request", "must be call_permission_request") }),
});

export const locationRequestMessage = interactiveMessage({
  type: z.literal("location_request_message"),
  body,
  action: z.object({ name: z.literal("send_location", "must be send_location") }),
});
