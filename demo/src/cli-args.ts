// Command-line parsing for `node demo/dist/src/main.js`, kept pure so it is tested without a process.
import { BREAKABLE_IDS, toFeatureSet, type BreakableId } from './features';

export interface CliOptions {
  readonly port: number;
  readonly providerPort: number;
  readonly host: string;
  readonly broken: ReadonlySet<BreakableId>;
  readonly json: boolean;
  readonly list: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: node demo/dist/src/main.js [options]

Starts the SuperAgent demo shop and its DemoID sign-in provider.

Options:
  --port <n>           shop port (default 4000; 0 picks a free port)
  --provider-port <n>  DemoID provider port (default: shop port + 1, or free when the shop port is 0)
  --host <address>     address to bind (default 127.0.0.1)
  --broken <ids>       comma-separated feature ids to start broken, or "all"
  --json               print one JSON line with the URLs and features once started
  --list               print the feature catalogue as JSON and exit
  --help               show this help

Feature ids: ${BREAKABLE_IDS.join(', ')} (the last thirty-six are held-out pages, in no catalogue: /tasks, /profile, /order, /subscribe, /faq, /poll, /trails, /delivery, /booking, /plans, /convert, /invoices, /new-password, /reviews, /journal, /community/first-tent, /seats, /stores, /quiz, /tags, /inbox, /tip, /projects, /rentals, /playlists, /membership/cancel, /gallery, /notifications, /walk-plan, /bike-service, /board, /events, /group/edit, /recipe, /volunteer, /tickets)`;

export class CliError extends Error {}

function parsePort(flag: string, value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new CliError(`${flag} expects a port 0-65535, got "${value}"`);
  return Number(value);
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let port = 4000;
  let providerPort: number | undefined;
  let host = '127.0.0.1';
  let broken: ReadonlySet<BreakableId> = new Set();
  let json = false;
  let list = false;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0 && arg.startsWith('--')) return arg.slice(eq + 1);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new CliError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--port':
        port = parsePort(flag, takeValue());
        break;
      case '--provider-port':
        providerPort = parsePort(flag, takeValue());
        break;
      case '--host': {
        host = takeValue().trim();
        if (host === '') throw new CliError('--host needs a value');
        break;
      }
      case '--broken': {
        const value = takeValue().trim();
        const ids =
          value === 'all'
            ? BREAKABLE_IDS
            : value
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s !== '');
        try {
          broken = toFeatureSet(ids);
        } catch (err: unknown) {
          throw new CliError(`--broken: ${err instanceof Error ? err.message : String(err)}`);
        }
        break;
      }
      case '--json':
        json = true;
        break;
      case '--list':
        list = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new CliError(`unknown argument "${arg}"`);
    }
  }
  if (providerPort === undefined) providerPort = port === 0 ? 0 : port + 1;
  if (providerPort > 65535)
    throw new CliError('--port 65535 leaves no default provider port; pass --provider-port');
  if (providerPort !== 0 && providerPort === port)
    throw new CliError('--provider-port must differ from --port');
  return { port, providerPort, host, broken, json, list, help };
}
