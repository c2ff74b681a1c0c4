// Validates the read routes' own path ids before anything is looked up: a thread id (`th_` + 32
// hex, as the conversation service derives it) and a message id (a wamid, or a `sys.` id of a
// system notice); the version and number are the Graph prologue's (graph/graph-path.ts). A
// malformed id is an unknown object (100/33), as Graph answers for ids it cannot resolve; it
// never reaches a store or gRPC.
import { unknownObject } from "../graph/graph-errors.ts";

const THREAD_ID = /^th_[0-9a-f]{32}$/;
// The send API's wamid charset (common-fields.ts), and the conversation service's notice ids.
const WAMID = /^wamid\.[A-Za-z0-9+/=_.-]{1,250}$/;
const SYSTEM_MESSAGE_ID = /^sys\.[0-9a-f]{32}$/;

export function threadIdOf(value: string): string {
  if (!THREAD_ID.test(value)) throw unknownObject(value);
  return value;
}

export function messageIdOf(value: string): string {
  const wamid = WAMID.test(value) && !value.includes("..");
  if (!wamid && !SYSTEM_MESSAGE_ID.test(value)) throw unknownObject(value);
  return value;
}
