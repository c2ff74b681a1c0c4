// Checks a Graph path's version and object id before anything is looked up: a version is
// `v<major>.<minor>`, an object id (phone number, media, token) a decimal Graph id. Anything else
// is an unknown object (100/33), as Graph answers ids it cannot resolve: it never reaches a store.
import { unknownObject } from "./graph-errors.ts";
import { GRAPH_ID } from "./graph-ids.ts";

const VERSION = /^v[0-9]{1,2}\.[0-9]$/;

/** The version; a malformed one is refused naming `objectId`, the object the path asked for. */
export function versionOf(version: string, objectId: string): string {
  if (!VERSION.test(version)) throw unknownObject(objectId);
  return version;
}

export function graphIdOf(value: string): string {
  if (!GRAPH_ID.test(value)) throw unknownObject(value);
  return value;
}
