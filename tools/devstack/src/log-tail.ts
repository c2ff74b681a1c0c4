// The last lines of a server's log, for error messages and `devstack logs`.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const MAX_BYTES = 64 * 1024;

export function logTail(logFile: string, lines: number): string {
  let fd: number;
  try {
    fd = openSync(logFile, "r");
  } catch {
    return `(no log file at ${logFile})`;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, MAX_BYTES);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const all = buffer.toString("utf8").trimEnd().split("\n");
    return all.slice(-lines).join("\n");
  } finally {
    closeSync(fd);
  }
}
