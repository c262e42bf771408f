import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { trace } from '@opentelemetry/api';

export type { Logger } from 'pino';

/**
 * Paths censored in every log line. Secrets by name, and payload-bearing fields
 * (descriptions, specs, prompts, texts) because logs must never carry user content.
 */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  'apiKey',
  'api_key',
  'authorization',
  'token',
  'secret',
  '*.password',
  '*.apiKey',
  '*.api_key',
  '*.authorization',
  '*.token',
  '*.secret',
  'headers.authorization',
  'metadata.authorization',
  'metadata["x-api-key"]',
  'description',
  'prompt',
  'spec',
  'specSource',
  'texts',
  '*.description',
  '*.prompt',
  '*.spec',
  '*.specSource',
  '*.texts',
  'request.body',
  'response.body',
];

export interface LoggerConfig {
  /** Service name, added to every line. */
  name: string;
  level?: string;
  /** Where lines go; stdout by default (tests pass a stream to read them). */
  destination?: DestinationStream;
}

/** JSON logger with redaction and the active trace/span ids on every line. */
export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    name: config.name,
    level: config.level ?? 'info',
    base: { service: config.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    // Works with or without the pino OTel instrumentation: ids come from the active span.
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}

/** A logger that drops everything, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** One JSON line a captured logger wrote. */
export interface CapturedLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/** A real logger whose lines are kept, parsed, for tests that assert on what was logged. */
export function captureLogger(name = 'test', level = 'debug'): { logger: Logger; lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  const logger = createLogger({
    name,
    level,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as CapturedLine) },
  });
  return { logger, lines };
}
