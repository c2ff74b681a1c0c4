// Prints one plain closing line, `tests: N passed, N failed, N skipped`, from vitest's JSON report,
// so any CI reader (not only one that knows vitest's own summary format) can count the run.
import { readFileSync } from "node:fs";

const reportPath = process.argv[2] ?? ".test-results/vitest.json";
const report = JSON.parse(readFileSync(reportPath, "utf8")) as {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
};
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
