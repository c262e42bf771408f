export interface SentinelAddress {
  host: string;
  port: number;
}

const ENTRY = /^(?:\[([0-9a-fA-F:]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/**
 * Parses `host:port,host:port` (or the already-split list `@superagent/config` produces).
 * IPv6 hosts are bracketed: `[::1]:26379`. Throws naming the bad entry and its position.
 */
export function parseSentinels(input: string | readonly string[]): SentinelAddress[] {
  const entries = typeof input === 'string' ? input.split(',') : [...input];
  const trimmed = entries.map((e) => e.trim());
  if (trimmed.every((e) => e === ''))
    throw new Error('sentinel list is empty: expected host:port[,host:port...]');
  return trimmed.map((entry, index) => {
    const match = ENTRY.exec(entry);
    const port = Number(match?.[3]);
    if (!match || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(
        `invalid sentinel address "${entry}" (entry ${index + 1}): expected host:port with port 1-65535`,
      );
    }
    return { host: match[1] ?? match[2] ?? '', port };
  });
}
