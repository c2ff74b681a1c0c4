// `./run dlq list | peek <topic> [--limit n] | replay <topic>` [--url http://127.0.0.1:8080]
// The operator's dead-letter commands, through ingress' admin API (/admin/v1/dlq) with the admin
// token from ADMIN_TOKEN: what each `.dlq` topic holds and how much waits, a peek at why records
// were parked, and a replay to their source topic. Prints the answer's JSON; exits 1 when the API
// refused, 2 on a usage error. Runbook: docs/operations.md, "Dead-letter topics".
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: "string", default: "http://127.0.0.1:8080" },
    limit: { type: "string", default: "10" },
  },
});
const [command, topic] = positionals;
const token = process.env.ADMIN_TOKEN;
const usage = () => {
  process.stderr.write(
    "usage: ./run dlq list | peek <topic> [--limit n] | replay <topic> [--url <ingress>] (ADMIN_TOKEN set)\n",
  );
  process.exit(2);
};
if (!token || !command || (command !== "list" && !topic)) usage();

const path =
  command === "list"
    ? "/admin/v1/dlq"
    : command === "peek"
      ? `/admin/v1/dlq/${encodeURIComponent(topic ?? "")}?limit=${encodeURIComponent(values.limit)}`
      : command === "replay"
        ? `/admin/v1/dlq/${encodeURIComponent(topic ?? "")}/replay`
        : undefined;
if (path === undefined) usage();

const response = await fetch(new URL(path ?? "", values.url), {
  method: command === "replay" ? "POST" : "GET",
  headers: { authorization: `Bearer ${token}` },
});
process.stdout.write(`${JSON.stringify(await response.json(), null, 2)}\n`);
process.exit(response.ok ? 0 : 1);
