// Message ids in the shape clients expect from Meta (`wamid.` + base64), unique per message.
import { randomBytes } from "node:crypto";

export function newWamid(): string {
  return `wamid.${randomBytes(24).toString("base64url")}`;
}

/** The wa_id of a recipient: the digits of the number as the client wrote it. */
export function waIdOf(to: string): string {
  return to.replace(/[^0-9]/g, "");
}
