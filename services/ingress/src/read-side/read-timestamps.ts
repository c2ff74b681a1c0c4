// Times in read responses are unix seconds as strings, as Cloud API webhooks carry them
// (`"timestamp": "1700000000"`); 0 means "never" and is null.
export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

export function unixSecondsOrNull(ms: number): string | null {
  return ms > 0 ? unixSeconds(ms) : null;
}
