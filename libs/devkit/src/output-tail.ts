/** Keeps the last N lines written by a child, for error messages and post-mortems. */
export class OutputTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines: number) {}

  /** Feeds a chunk of output; returns the complete lines it finished. */
  push(chunk: string): string[] {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.keep(line);
    return parts;
  }

  /** The kept lines, including an unfinished last line. */
  snapshot(): string[] {
    return this.partial === '' ? [...this.lines] : [...this.lines, this.partial];
  }

  private keep(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}

/** Indented block of a child's last lines for an error message. */
export function formatTail(name: string, lines: readonly string[]): string {
  if (lines.length === 0) return `${name} printed nothing`;
  return `last ${lines.length} line(s) of ${name}:\n  ${lines.join('\n  ')}`;
}
