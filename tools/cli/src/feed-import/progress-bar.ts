// The feed import's progress line on stderr: redrawn in place on a terminal, one line per update
// otherwise (CI logs). Never writes to stdout, which carries the report.
export function progressBar(totalHint: number | undefined, stream: NodeJS.WriteStream = process.stderr) {
  const width = 30;
  return (progress: { rows: number; imported: number; bad: number; elapsedMs: number }) => {
    const rate = progress.elapsedMs > 0 ? Math.round((progress.rows / progress.elapsedMs) * 1000) : 0;
    const filled = totalHint ? Math.min(width, Math.round((progress.rows / totalHint) * width)) : 0;
    const bar = totalHint ? `[${"#".repeat(filled)}${" ".repeat(width - filled)}] ` : "";
    const text = `${bar}${progress.rows.toLocaleString("en")} rows, ${progress.imported.toLocaleString("en")} ok, ${progress.bad} bad, ${rate.toLocaleString("en")} rows/s`;
    if (stream.isTTY) stream.write(`\r${text}`);
    else stream.write(`${text}\n`);
  };
}
