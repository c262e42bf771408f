// Per-visitor state. Every browser context gets its own visitor cookie, so parallel generated tests
// against one app instance (the pipeline benchmark runs ten at once) never see each other's cart,
// mailbox or uploads, while state still lives only in memory for the life of the app.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookies, setCookie } from './http';

const VISITOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Cookies are scoped by host, not port: two demo instances on 127.0.0.1 (normal and broken) would
 * overwrite each other's cookie, so the name carries the port.
 */
export function visitorCookieName(port: number): string {
  return `demo_vid_${port}`;
}

export function resolveVisitor(req: IncomingMessage, res: ServerResponse, cookieName: string): string {
  const current = readCookies(req).get(cookieName);
  if (current !== undefined && VISITOR_ID.test(current)) return current;
  const id = randomUUID();
  setCookie(res, cookieName, id);
  return id;
}

/** State of one kind (a cart, a mailbox…) per visitor, bounded so a long benchmark cannot grow it forever. */
export class VisitorScoped<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly create: () => T,
    private readonly maxVisitors = 5000,
  ) {}

  get(visitorId: string): T {
    const existing = this.entries.get(visitorId);
    if (existing !== undefined) return existing;
    const created = this.create();
    this.entries.set(visitorId, created);
    if (this.entries.size > this.maxVisitors) {
      // Maps iterate in insertion order: the first key is the oldest visitor.
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return created;
  }

  peek(visitorId: string): T | undefined {
    return this.entries.get(visitorId);
  }
}
