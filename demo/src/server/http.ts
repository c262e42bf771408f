// Request/response helpers shared by every page: typed HTTP errors, bounded body reading,
// form/JSON parsing, cookies and the few response shapes the app uses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from './html';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
} as const;

export function sendHtml(res: ServerResponse, status: number, body: SafeHtml): void {
  const payload = Buffer.from('<!doctype html>\n' + body.value, 'utf8');
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': payload.length,
  });
  res.end(payload);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const payload = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
  });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': contentType,
    'content-length': payload.length,
  });
  res.end(payload);
}

/** 303 so a POSTed form is followed by a GET (no resubmission on reload). */
export function redirect(res: ServerResponse, location: string, status = 303): void {
  res.writeHead(status, { ...BASE_HEADERS, location, 'content-length': 0 });
  res.end();
}

/**
 * Feeds every chunk of a request body to `onChunk`. When `onChunk` throws, the rest of the body is
 * drained and ignored (the socket stays usable, so the caller can still answer with an error).
 */
export function consumeBody(req: IncomingMessage, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        onChunk(chunk);
      } catch (err: unknown) {
        failed = true;
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('end', () => {
      if (!failed) resolve();
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
      failed = true;
    });
  });
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limitBytes) throw new HttpError(413, `request body over ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  await consumeBody(req, (chunk) => {
    total += chunk.length;
    if (total > limitBytes) throw new HttpError(413, `request body over ${limitBytes} bytes`);
    chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

const FORM_LIMIT = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    throw new HttpError(415, 'expected an application/x-www-form-urlencoded form');
  }
  return new URLSearchParams((await readBody(req, FORM_LIMIT)).toString('utf8'));
}

export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) throw new HttpError(415, 'expected application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, FORM_LIMIT)).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** A trimmed form field, limited in length so one request cannot bloat in-memory state. */
export function field(form: URLSearchParams, name: string, maxLength = 500): string {
  return (form.get(name) ?? '').trim().slice(0, maxLength);
}

export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // A malformed cookie from another app on the same host is ignored, not fatal.
    }
  }
  return cookies;
}

export function setCookie(res: ServerResponse, name: string, value: string): void {
  const cookie = `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax`;
  const existing = res.getHeader('set-cookie');
  const list = Array.isArray(existing) ? existing : typeof existing === 'string' ? [existing] : [];
  res.setHeader('set-cookie', [...list, cookie]);
}

export function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}
