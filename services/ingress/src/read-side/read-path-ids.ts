// Validates the ids in a read route's path before anything is looked up: a Graph version, a
// phone number id (digits), a thread id (`th_` + 32 hex, as the conversation service derives it)
// and a message id (a wamid, or a `sys.` id of a system notice). A malformed id is an unknown
// object (100/33), as Graph answers for ids it cannot resolve; it never reaches a store or gRPC.
import { unknownObject } from "../graph/graph-errors.ts";
import { GRAPH_ID } from "../tenancy/graph-ids.ts";

const VERSION = /^v[0-9]{1,2}\.[0-9]$/;
const THREAD_ID = /^th_[0-9a-f]{32}$/;
// The send API's wamid charset (common-fields.ts), and the conversation service's notice ids.
const WAMID = /^wamid\.[A-Za-z0-9+/=_.-]{1,250}$/;
const SYSTEM_MESSAGE_ID = /^sys\.[0-9a-f]{32}$/;

export function versionOf(version: string, objectId: string): string {
  if (!VERSION.test(version)) throw unknownObject(objectId);
  return version;
}

export function phoneNumberIdOf(value: string): string {
  if (!GRAPH_ID.test(value)) throw unknownObject(value);
  return value;
}

export function threadIdOf(value: string): string {
  if (!THREAD_ID.test(value)) throw unknownObject(value);
  return value;
}

export function messageIdOf(value: string): string {
  const wamid = WAMID.test(value) && !value.includes("..");
  if (!wamid && !SYSTEM_MESSAGE_ID.test(value)) throw unknownObject(value);
  return value;
}
