// Which customers a queued webhook change is about: the ids Meta-shaped changes carry (message
// `from` / `from_user_id`, contact `wa_id` / `user_id`, status `recipient_id` /
// `recipient_user_id`). Parsed, never substring-matched, so a message body quoting someone's
// number never makes a delivery look like that customer's.
type Json = { [key: string]: unknown };

const objects = (value: unknown): Json[] =>
  Array.isArray(value) ? value.filter((v): v is Json => v !== null && typeof v === "object") : [];

export function customersOfChange(changeJson: string): Set<string> {
  const ids = new Set<string>();
  let value: Json = {};
  try {
    value = ((JSON.parse(changeJson) as { value?: Json } | null)?.value ?? {}) as Json;
  } catch {
    return ids;
  }
  const add = (item: Json, ...fields: string[]) => {
    for (const field of fields) if (typeof item[field] === "string") ids.add(item[field]);
  };
  for (const m of objects(value.messages)) add(m, "from", "from_user_id");
  for (const c of objects(value.contacts)) add(c, "wa_id", "user_id");
  for (const s of objects(value.statuses)) add(s, "recipient_id", "recipient_user_id");
  return ids;
}
