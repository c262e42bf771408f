// A local HTTP server that speaks the Anthropic Messages API with recorded answers, one per call,
// and keeps every request it received so a test can check what was sent (scribe's LLM tier tests).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  headers: http.IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: { role: string; content: unknown }[];
    tools?: { name: string }[];
    system?: string;
  };
}

export interface MessagesApi {
  url: string;
  calls: RecordedCall[];
  close(): Promise<void>;
}

export function toolUse(
  id: string,
  name: string,
  input: unknown,
  usage: { input: number; output: number },
  model: string,
): unknown {
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [
      { type: 'text', text: 'Looking at the page.' },
      { type: 'tool_use', id, name, input },
    ],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: usage.input,
      output_tokens: usage.output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

/** An answer that never comes: the request stays open (a model that is slow past any deadline). */
export const NO_ANSWER = Symbol('no answer');

export async function startMessagesApi(answers: unknown[]): Promise<MessagesApi> {
  const calls: RecordedCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: req.url } }));
        return;
      }
      calls.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedCall['body'],
      });
      const answer = answers[calls.length - 1];
      if (answer === NO_ANSWER) return;
      if (answer === undefined) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            type: 'error',
            error: { type: 'api_error', message: 'no recorded answer left' },
          }),
        );
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${calls.length}` })
        .end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
