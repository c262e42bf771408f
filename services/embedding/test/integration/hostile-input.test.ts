import { after, before, describe } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  assertServing,
  assertStatus,
  hostileTests,
  invalidField as invalid,
  INVALID_UTF8,
  rawClient,
  rawUnary,
  standardRows,
  wire,
  type HostileRow,
  type RawCallOptions,
  type RawReply,
  type RawSend,
} from '@superagent/devkit';
import { embedding } from '@superagent/proto';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { gate, type GatedModel } from '../support/gated-model';
import { startService, type RunningService } from '../support/service';

// Bad and extreme input for every EmbeddingService RPC, as raw bytes over real gRPC, against the
// real service (lexical model, shipped default limits): each row gets its status code
// (INVALID_ARGUMENT naming the field) and the server answers afterwards.

const SERVICE = '/superagent.embedding.v1.EmbeddingService/';
const MAX_TEXTS = 256;
const MAX_TEXT_CHARS = 2_000;

let model: GatedModel;
let svc: RunningService;
let client: ReturnType<typeof rawClient>;

before(async () => {
  model = gate(createLexicalModel());
  svc = await startService(model, {
    cacheSize: 100,
    batch: { maxBatchSize: 32, maxWaitMs: 2, maxQueue: 1_024 },
    limits: { maxTexts: MAX_TEXTS, maxTextChars: MAX_TEXT_CHARS },
  });
  client = rawClient(svc.server.address);
});
after(async () => {
  model?.open();
  client?.close();
  await svc?.stop();
});

const send =
  (method: string): RawSend =>
  (body, options) =>
    rawUnary(client, SERVICE + method, body, options);
const texts = (...t: string[]): Buffer => Buffer.from(embedding.EmbedRequest.encode({ texts: t }).finish());

let held = 0;
/**
 * Holds the model's forward passes while the call runs, so it is cancelled or expires mid-flight
 * (a new text each time: a cached one would be answered without the model).
 */
const whileBusy = async (options: RawCallOptions): Promise<RawReply> => {
  model.hold();
  try {
    return await send('Embed')(texts(`held while busy ${++held}`), options);
  } finally {
    model.open();
  }
};

const rows: HostileRow[] = [
  ...standardRows('Embed', send('Embed'), {
    empty: invalid('texts'),
    valid: texts('Log in'),
    invalidUtf8: Buffer.concat([wire.string(1, 'fine'), wire.bytes(1, INVALID_UTF8)]),
  }),
  { name: 'Embed: a blank text', send: () => send('Embed')(texts('ok', '   ')), ...invalid('texts[1]') },
  {
    name: 'Embed: a text over the character limit',
    send: () => send('Embed')(texts('x'.repeat(MAX_TEXT_CHARS + 1))),
    ...invalid('texts[0]'),
  },
  {
    name: 'Embed: a 1 MB text',
    send: () => send('Embed')(texts('ok', 'word '.repeat(200_000))),
    ...invalid('texts[1]'),
  },
  {
    name: 'Embed: 10k texts',
    send: () => send('Embed')(texts(...Array.from({ length: 10_000 }, (_, i) => `text ${i}`))),
    ...invalid('texts'),
  },
  {
    name: 'Embed: message over the 4 MiB limit',
    send: () => send('Embed')(texts('y'.repeat(5 * 1024 * 1024))),
    code: status.RESOURCE_EXHAUSTED,
  },
  // Field 1 sent as a varint: skipped as unknown, so the list is empty.
  { name: 'Embed: texts as a varint', send: () => send('Embed')(wire.varint(1, 5)), ...invalid('texts') },
  {
    name: 'Embed: deadline expires while the model is busy',
    send: () => whileBusy({ deadlineMs: 50 }),
    code: status.DEADLINE_EXCEEDED,
  },
  {
    name: 'Embed: cancelled while the model is busy',
    send: () => whileBusy({ cancelAfterMs: 50 }),
    code: status.CANCELLED,
  },

  ...standardRows('GetInfo', send('GetInfo'), { empty: { code: status.OK }, valid: Buffer.alloc(0) }),
  {
    name: 'GetInfo: unknown fields with invalid UTF-8 are ignored',
    send: () => send('GetInfo')(wire.bytes(9, INVALID_UTF8)),
    code: status.OK,
  },
];

describe('EmbeddingService: hostile input', () => {
  hostileTests(rows, async () => {
    await assertServing(client);
    assertStatus(await send('Embed')(texts('Add to cart')), status.OK);
  });
});
