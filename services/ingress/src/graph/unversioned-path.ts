// Graph serves a path without a version (`POST /{phone_number_id}/messages`) at a default
// version, and some clients rely on it (an HTTP client resolving `v23.0` as a relative base drops
// the segment). Such a path starts with a Graph id where the version belongs; it is routed as if
// the default version were written. Every other path (versioned Graph paths, /admin, /webhooks,
// /v1/…, probes) is left exactly as it came.
import { GRAPH_ID } from "./graph-ids.ts";

export function withDefaultGraphVersion(version: string): (url: string) => string {
  return (url) => {
    const end = url.slice(1).search(/[/?#]/);
    const first = end < 0 ? url.slice(1) : url.slice(1, end + 1);
    return url.startsWith("/") && GRAPH_ID.test(first) ? `/${version}${url}` : url;
  };
}
