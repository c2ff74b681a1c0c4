// Starts services the way their images do, without a container engine: the runtime tree is built
// by the Dockerfile's own script (deploy/image/assemble.sh), made read-only, and the service is
// started with the image's ENTRYPOINT (minus tini, which is not installed here), WORKDIR, ENV and
// USER (when this test runs as root; otherwise as the current user on a tree it may not write).
// The image does not create topics (KAFKA_CREATE_TOPICS=false in its ENV): the test's topics are
// created from topics.tsv first, as the topics Job does. Then: /readyz and grpc.health.v1 answer,
// /metrics answers on METRICS_PORT and not on the traffic port, nothing was written into the
// tree, and SIGTERM ends the process with code 0 (the two-phase drain finished in time).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { credentials, makeGenericClientConstructor } from "@grpc/grpc-js";
import { freePort } from "@switchboard/cli/platform";
import { createDeclaredTopics } from "@switchboard/devstack/declared-topics";
import { uniqueName } from "@switchboard/testing/isolation";
import { testServers } from "@switchboard/testing/test-servers";
import { afterAll, describe, expect, it } from "vitest";
import { parseDockerfile, stageNamed } from "../src/dockerfile.ts";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const dockerfile = parseDockerfile(join(REPO, "deploy/image/Dockerfile"));
const root = mkdtempSync(join(tmpdir(), "switchboard-image-"));
const asRoot = process.getuid?.() === 0;
chmodSync(root, 0o755); // mkdtemp makes it private; the image's user must reach /app below it

/** Every path of a tree with its mtime, to prove the service wrote nothing into it. */
function snapshot(dir: string, out = new Map<string, number>()): Map<string, number> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    out.set(path, statSync(path).mtimeMs);
    if (entry.isDirectory()) snapshot(path, out);
  }
  return out;
}

function makeReadOnly(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeReadOnly(path);
    else if (!entry.isSymbolicLink()) chmodSync(path, statSync(path).mode & 0o555);
  }
  chmodSync(dir, 0o555);
}

/** grpc.health.v1.Health/Check with hand-encoded messages (field 1: service name / status). */
function grpcHealth(port: number, service: string): Promise<number> {
  const Client = makeGenericClientConstructor(
    {
      Check: {
        path: "/grpc.health.v1.Health/Check",
        requestStream: false,
        responseStream: false,
        requestSerialize: (name: string) =>
          Buffer.concat([Buffer.from([0x0a, Buffer.byteLength(name)]), Buffer.from(name)]),
        requestDeserialize: (b: Buffer) => b.toString(),
        responseSerialize: (status: number) => Buffer.from([0x08, status]),
        responseDeserialize: (b: Buffer) => (b.length >= 2 && b[0] === 0x08 ? (b[1] ?? 0) : 0),
      },
    },
    "Health",
  );
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    (client as unknown as { Check: (r: string, cb: (e: Error | null, s?: number) => void) => void }).Check(
      service,
      (error, status) => {
        client.close();
        if (error) reject(error);
        else resolve(status ?? 0);
      },
    );
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before ready`);
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`not ready: ${url}`);
}

afterAll(() => {
  // The tree is read-only for its owner too: give write back before removing it.
  execFileSync("chmod", ["-R", "u+w", root]);
  rmSync(root, { recursive: true, force: true });
});

describe.each([
  { service: "conversation", grpc: "switchboard.conversation.v1.ConversationService" },
  { service: "ingress", grpc: undefined },
])("the $service image's entrypoint", ({ service, grpc }) => {
  it("starts from a read-only tree as the image's user, answers its probes, and drains on SIGTERM", async () => {
    const stage = stageNamed(dockerfile, service);
    const app = join(root, service, "app");
    const tmp = join(root, service, "tmp");
    mkdirSync(tmp, { recursive: true });
    chmodSync(join(root, service), 0o755);
    chmodSync(tmp, 0o1777);
    execFileSync("sh", ["deploy/image/assemble.sh", service, app], { cwd: REPO, stdio: "pipe" });
    makeReadOnly(app);
    const before = snapshot(app);

    const [uid, gid] = (stage.user ?? "").split(":").map(Number);
    const entry = stage.entrypoint ?? [];
    expect(entry.slice(0, 3)).toEqual(["/usr/bin/tini", "--", "node"]);
    const servers = testServers();
    const namespace = uniqueName(`image${service}`);
    const httpPort = await freePort();
    const grpcPort = await freePort();
    const metricsPort = await freePort();
    expect(stage.env.KAFKA_CREATE_TOPICS).toBe("false");
    await createDeclaredTopics({ brokers: servers.kafkaBrokers.join(","), prefix: `${namespace}.` });
    const env: Record<string, string> = {
      ...stage.env,
      HOME: tmp,
      TMPDIR: tmp,
      PATH: process.env.PATH ?? "",
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
      KAFKA_BROKERS: servers.kafkaBrokers.join(","),
      MONGODB_URI: servers.mongodbUri,
      MONGODB_DATABASE: namespace,
      KAFKA_TOPIC_PREFIX: `${namespace}.`,
      LOG_LEVEL: "warn",
      HTTP_PORT: String(httpPort),
      GRPC_PORT: String(grpcPort),
      METRICS_PORT: String(metricsPort),
      // NODE_ENV=production (the image's ENV) refuses to start without internal signing keys.
      INTERNAL_AUTH_KEYS: `image-test:${Buffer.alloc(32, 7).toString("base64")}`,
      ...(service === "ingress"
        ? { ADMIN_TOKEN: "image-test-admin-token-0123456789", UPSTREAM_SIMULATOR_DELAY_SCALE: "0" }
        : {}),
    };
    let output = "";
    expect(stage.workdir).toBe(`/app/services/${service}`);
    const child = spawn(process.execPath, entry.slice(3), {
      cwd: join(app, (stage.workdir ?? "").replace(/^\/app/, "")),
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(asRoot && uid !== undefined && gid !== undefined ? { uid, gid } : {}),
    });
    child.stdout?.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr?.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await waitReady(`http://127.0.0.1:${httpPort}/readyz`, child, 60_000);
      expect((await fetch(`http://127.0.0.1:${httpPort}/healthz`)).status).toBe(200);
      if (grpc !== undefined) {
        expect(await grpcHealth(grpcPort, "")).toBe(1); // SERVING
        expect(await grpcHealth(grpcPort, grpc)).toBe(1);
      }
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      // The traffic port does not serve it (ingress answers a Graph error for the unknown path).
      const onTrafficPort = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
      expect(onTrafficPort.status).not.toBe(200);
      expect(await onTrafficPort.text()).not.toMatch(/^# TYPE/m);
      // Boot alone pings MongoDB and creates indexes: the driver-level latency series is there.
      expect(await metrics.text()).toMatch(/^db_client_command_duration_seconds_count\{[^}]*db_operation_name="ping"/m);
      if (asRoot) {
        // The kernel's view of who runs it: real, effective, saved and filesystem uid.
        const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
        expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, "m"));
      }
    } catch (error) {
      child.kill("SIGKILL");
      throw new Error(`${String(error)}\n${output.slice(-3000)}`);
    }
    child.kill("SIGTERM");
    expect(await exited, output.slice(-3000)).toBe(0);
    expect(snapshot(app)).toEqual(before);
  }, 120_000);
});
