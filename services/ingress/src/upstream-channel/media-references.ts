// Where a send names media by id, wherever Meta lets it: the media message itself
// (`image.id`, …), an interactive header (`interactive.header.image.id`), carousel card headers,
// and template header parameters (`template.components[].parameters[].image.id`). Every object
// under a media key (image, video, document, audio, sticker) with a string `id` is a reference;
// links (`link`) are not, since Meta fetches those itself. Pure: parse once, list, replace.
const MEDIA_KEYS = new Set(["image", "video", "document", "audio", "sticker"]);

type Json = unknown;

function walk(node: Json, visit: (holder: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (MEDIA_KEYS.has(key) && value !== null && typeof value === "object" && !Array.isArray(value)) {
      if (typeof (value as { id?: unknown }).id === "string") visit(value as Record<string, unknown>);
    }
    walk(value, visit);
  }
}

/** Every media id the body names, once each, in the order they appear. */
export function mediaIdsIn(body: Json): string[] {
  const ids: string[] = [];
  walk(body, (holder) => {
    const id = holder.id as string;
    if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}

/** A copy of the body with each media id that `replacement` names replaced; others unchanged. */
export function withMediaIds(body: Json, replacement: ReadonlyMap<string, string>): Json {
  const copy = structuredClone(body);
  walk(copy, (holder) => {
    const next = replacement.get(holder.id as string);
    if (next !== undefined) holder.id = next;
  });
  return copy;
}
