// How Meta spells the JSON of a webhook body: compact, with every character above 0x7E written as
// a `\uXXXX` escape in lowercase hex (characters beyond the BMP as their UTF-16 surrogate pair, 👋
// as `\ud83d\udc4b`), so the bytes on the wire are pure ASCII. A receiver may verify
// X-Hub-Signature-256 over those raw bytes or over its own re-serialisation of the parsed body
// done Meta's way; with ASCII-only bytes both give the same signature. Only the spelling changes,
// never a value: parsing the result gives back exactly what was serialised.

/** Escapes every UTF-16 code unit above 0x7E of a JSON text (they can only occur in strings). */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
