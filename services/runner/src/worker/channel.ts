// The worker's end of its channel to the service (worker/protocol.ts): messages in on CHANNEL_IN_FD,
// answers out on CHANNEL_OUT_FD, each stamped with the nonce of the request it answers.
//
// Spec code shares this process, so what writes an answer is captured when this module loads, before
// any spec code exists: fs.writeSync (straight to the fd, no stream or Buffer method a spec could
// patch on the way), JSON.stringify and JSON.parse. A nonce only lives in the closure `replier`
// returns; it is joined to the line with string concatenation, so no toJSON, getter or prototype
// method ever sees it. A spec can still write lines of its own to the fd; without the nonce they
// make the service kill this worker (its own run ends as an error), nothing more.

import fs from 'node:fs';
import net from 'node:net';
import { CHANNEL_IN_FD, CHANNEL_OUT_FD, type ServiceToWorker, type WorkerToService } from './protocol';

const writeSync = fs.writeSync;
const stringify = JSON.stringify;
const parse = JSON.parse;

export type Reply = (msg: WorkerToService) => void;

/** A function that writes answers stamped with `nonce`. */
export function replier(nonce: string): Reply {
  // No method is called on the nonce (a String.prototype method could be a spec's by now).
  return (msg) => {
    writeSync(CHANNEL_OUT_FD, nonce + '\t' + stringify(msg) + '\n');
  };
}

/** Reads the service's messages (one JSON object per line); `onEnd` when the service closes it. */
export function openChannel(onMessage: (msg: ServiceToWorker) => void, onEnd: () => void): void {
  const input = new net.Socket({ fd: CHANNEL_IN_FD, readable: true, writable: false });
  let pending = '';
  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    pending += chunk;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      if (line !== '') onMessage(parse(line) as ServiceToWorker);
      nl = pending.indexOf('\n');
    }
  });
  input.once('end', onEnd);
  input.once('error', onEnd);
}
