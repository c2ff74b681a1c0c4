// Validates a privacy route's customer id before anything is looked up: a wa_id (digits) or a
// business-scoped user id (letters, digits and a few separators). Anything else is an unknown
// object (100/33), as Graph answers ids it cannot resolve; it never reaches gRPC.
import { unknownObject } from "../graph/graph-errors.ts";

const CUSTOMER_ID = /^[A-Za-z0-9_.:+-]{1,128}$/;

export function customerIdOf(value: string): string {
  if (!CUSTOMER_ID.test(value)) throw unknownObject(value.slice(0, 128));
  return value;
}
