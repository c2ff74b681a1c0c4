import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { withDirLock } from "./dir-lock.ts";

describe("withDirLock", () => {
  it("runs holders one at a time and releases the lock", async () => {
    const lock = join(mkdtempSync(join(tmpdir(), "devstack-lock-")), "x.lock");
    const order: string[] = [];
    const holder = (name: string) =>
      withDirLock(lock, 5000, async () => {
        order.push(`${name}+`);
        await sleep(300);
        order.push(`${name}-`);
      });
    await Promise.all([holder("a"), holder("b")]);
    expect(order).toEqual(["a+", "a-", "b+", "b-"]);
    expect(existsSync(lock)).toBe(false);
  });

  it("takes over a lock whose owner process is gone", async () => {
    const lock = join(mkdtempSync(join(tmpdir(), "devstack-lock-")), "x.lock");
    mkdirSync(lock);
    writeFileSync(join(lock, "owner"), "2147483646"); // no such pid
    await expect(withDirLock(lock, 1000, async () => "got it")).resolves.toBe("got it");
  });

  it("times out on a live owner, naming it", async () => {
    const lock = join(mkdtempSync(join(tmpdir(), "devstack-lock-")), "x.lock");
    mkdirSync(lock);
    writeFileSync(join(lock, "owner"), String(process.pid));
    await expect(withDirLock(lock, 300, async () => "never")).rejects.toThrow(`held by pid ${process.pid}`);
  });
});
