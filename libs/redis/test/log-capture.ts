import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@superagent/logging';

export interface CapturedLog {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines are kept for assertions. */
export function captureLogger(): { logger: Logger; lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') lines.push(JSON.parse(line) as CapturedLog);
      }
      callback();
    },
  });
  return { logger: createLogger({ name: 'redis-test', level: 'debug', destination }), lines };
}
