// The dev stack's MongoDB stand-in: FerretDB (SQLite backend) on a fixed loopback port, its data
// under .devstack/mongo/data. It is a development and test double, never a production database.
import { mkdirSync } from "node:fs";
import { DEVSTACK_PORTS, type DevstackPaths } from "./devstack-paths.ts";
import { ensureFerretdbBinary } from "./ferretdb-binary.ts";
import type { ManagedService } from "./managed-service.ts";
import { probeMongo } from "./probes.ts";

export const MONGODB_URI = `mongodb://127.0.0.1:${DEVSTACK_PORTS.mongo}/`;

export function mongoService(paths: DevstackPaths, log: (line: string) => void): ManagedService {
  const { dir, dataDir } = paths.mongo;
  const prepare = async () => {
    const binary = await ensureFerretdbBinary(paths.ferretdbSourceDir, paths.cacheDir, log);
    mkdirSync(dataDir, { recursive: true }); // FerretDB's SQLite handler will not create it
    return {
      cmd: binary,
      args: ["-listen", `127.0.0.1:${DEVSTACK_PORTS.mongo}`, "-handler", "sqlite", "-sqlite-url", `file:${dataDir}/`],
      cwd: dir,
    };
  };
  return {
    name: "mongo",
    port: DEVSTACK_PORTS.mongo,
    paths: paths.mongo,
    marker: `file:${dataDir}/`,
    prepare,
    probe: () => probeMongo(MONGODB_URI, 2000),
    startTimeoutMs: 60_000,
    stopGraceMs: 10_000,
  };
}
