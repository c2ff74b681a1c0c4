// Runs a build tool (mvn, go, java) to completion and, on failure, throws with the tail of its
// output so the reason is in the error rather than lost in a scrollback.
import { spawn } from "node:child_process";

export interface RunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
}

const KEEP_OUTPUT_CHARS = 4000;

export function runCommand(cmd: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs,
      killSignal: "SIGKILL",
    });
    let output = "";
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString()).slice(-KEEP_OUTPUT_CHARS);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (error: NodeJS.ErrnoException) => {
      const hint = error.code === "ENOENT" ? ` (\`${cmd}\` not found on PATH)` : "";
      reject(new Error(`could not run ${cmd}${hint}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolvePromise(output);
        return;
      }
      const how = signal === null ? `exit code ${code}` : `signal ${signal} (timeout ${options.timeoutMs} ms?)`;
      reject(new Error(`\`${cmd} ${args.join(" ")}\` failed with ${how}:\n${output.trim()}`));
    });
  });
}
