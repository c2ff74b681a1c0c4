import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isProcessAlive, runningPid, spawnDetached, stopByPidFile } from "./process-control.ts";

describe("detached processes by pid file", () => {
  it("spawns, recognises by marker only, and stops", async () => {
    const dir = mkdtempSync(join(tmpdir(), "devstack-proc-"));
    const pidFile = join(dir, "x.pid");
    const marker = `devstack-test-marker-${process.pid}`;
    const pid = spawnDetached(
      { cmd: process.execPath, args: ["-e", "setTimeout(() => {}, 60000)", marker], cwd: dir },
      join(dir, "x.log"),
      pidFile,
    );
    expect(runningPid(pidFile, marker)).toBe(pid);
    // A live pid whose command line lacks our marker is somebody else's: never signalled, and its
    // pid file is dropped as stale.
    expect(runningPid(pidFile, "some-other-marker")).toBeNull();
    await expect(stopByPidFile(pidFile, "some-other-marker", 1000)).resolves.toBeNull();
    expect(isProcessAlive(pid)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);

    writeFileSync(pidFile, `${pid}\n`);
    await expect(stopByPidFile(pidFile, marker, 5000)).resolves.toBe(pid);
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });
});
