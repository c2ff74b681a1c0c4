// Routes kafkajs' own log lines into the service's pino logger at matching levels.
import kafkajs, { type logCreator } from "kafkajs";
import type { Logger } from "pino";

export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: "kafkajs" });
  const { logLevel } = kafkajs;
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      if (level === logLevel.ERROR) child.error(extra, message);
      else if (level === logLevel.WARN) child.warn(extra, message);
      else if (level === logLevel.INFO) child.debug(extra, message);
      else child.trace(extra, message);
    };
}
