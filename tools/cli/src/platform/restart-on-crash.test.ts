import { describe, expect, it } from "vitest";
import { type Supervised, superviseCrashes } from "./restart-on-crash.ts";

interface FakeProcess extends Supervised {
  id: number;
  running: boolean;
  crash(code: number): void;
  killOnPurpose(): void;
}

function fakes(failFirstStarts = 0) {
  let next = 0;
  let failures = failFirstStarts;
  const make = (): FakeProcess => {
    let crash: (code: number) => void = () => {};
    const process: FakeProcess = {
      id: next++,
      running: true,
      crashed: new Promise((resolve) => {
        crash = resolve;
      }),
      crash: (code) => {
        process.running = false;
        crash(code);
      },
      killOnPurpose: () => {
        process.running = false; // crashed never resolves for a deliberate kill
      },
    };
    return process;
  };
  const spawn = async () => {
    if (failures > 0) {
      failures--;
      throw new Error("not ready");
    }
    return make();
  };
  return { first: make(), spawn };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** A supervisor over fake processes, the first already running; its crashes' exit codes in `crashes`. */
function supervised(options: { failFirstStarts?: number; backoffMs?: number } = {}) {
  const { first, spawn } = fakes(options.failFirstStarts ?? 0);
  const crashes: (number | null)[] = [];
  const supervisor = superviseCrashes(first, {
    spawn,
    isRunning: (p) => p.running,
    backoffMs: options.backoffMs ?? 1,
    onCrash: (code) => crashes.push(code),
  });
  return { first, supervisor, crashes };
}

describe("restarting a crashed service", () => {
  it("starts a process that exited on its own again, retrying a start that fails", async () => {
    const { first, supervisor, crashes } = supervised({ failFirstStarts: 2 });
    first.crash(1);
    await settle();
    expect(crashes).toEqual([1]);
    expect(supervisor.current().id).toBe(1);
    expect(supervisor.current().running).toBe(true);
    // The replacement is watched too.
    supervisor.current().crash(1);
    await settle();
    expect(supervisor.current().id).toBe(2);
  });

  it("leaves a process killed on purpose to whoever killed it, and never starts two", async () => {
    const { first, supervisor } = supervised();
    first.killOnPurpose();
    await settle();
    expect(supervisor.current()).toBe(first);
    await supervisor.replace();
    expect(supervisor.current().id).toBe(1);
    await supervisor.replace(); // already running: nothing started
    expect(supervisor.current().id).toBe(1);
  });

  it("starts nothing once stopped, also when the crash came just before", async () => {
    const { first, supervisor } = supervised({ backoffMs: 10 });
    first.crash(1);
    await supervisor.stop();
    await settle();
    expect(supervisor.current()).toBe(first);
  });
});
