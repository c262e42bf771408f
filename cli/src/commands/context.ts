/** What every command gets: where the services are, how to print. */
export interface CommandContext {
  addresses: { router: string; runner: string; cost: string };
  apiKey?: string;
  json: boolean;
  /** The result: JSON when --json, text otherwise (stdout). */
  print(result: unknown): void;
  /** Progress while waiting (stderr, so --json output stays parseable). */
  progress(line: string): void;
}
