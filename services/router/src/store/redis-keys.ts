// The router's Redis key layout, in one place. Task ids are generated here (UUIDs) and checked
// before they become part of a key; tenant ids and idempotency keys come from users and are
// base64url-encoded, which has no ':' and no '{' / '}', so they can neither collide ("a:b" + "c" vs
// "a" + "b:c"), nor reach outside `sa:router:`, nor pick a Cluster hash slot.
//
//   sa:router:task:<id>                   hash    r = record JSON (schema v1), o = owner (consumer),
//                                                 s = last event sequence, t = last transition      TTL (1 h)
//   sa:router:events:<id>                 stream  one entry per event, id 0-<sequence>, field e     TTL (1 h)
//   sa:router:idem:<tenant>:<key>         string  task id                                           TTL (1 h)
//   sa:router:queue                       stream  work queue, field t = task id, consumer group
//                                                 `workers`; entries are deleted when acknowledged  none
//   sa:router:notify:<id>                 pub/sub channel: "a task event was appended"
//
// Every TTL is refreshed by each commit, so a task expires one TTL after its last change (the
// original kept task status for 1 h).

export const PREFIX = 'sa:router:';
export const QUEUE_KEY = `${PREFIX}queue`;
export const QUEUE_GROUP = 'workers';

const TASK_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isTaskId(id: string): boolean {
  return TASK_ID.test(id);
}

function checkedTaskId(id: string): string {
  if (!isTaskId(id)) throw new RangeError(`"${id.slice(0, 64)}" is not a task id`);
  return id;
}

export function enc(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export const taskKey = (id: string): string => `${PREFIX}task:${checkedTaskId(id)}`;
export const eventsKey = (id: string): string => `${PREFIX}events:${checkedTaskId(id)}`;
export const notifyChannel = (id: string): string => `${PREFIX}notify:${checkedTaskId(id)}`;
export const idempotencyKey = (tenantId: string, key: string): string =>
  `${PREFIX}idem:${enc(tenantId)}:${enc(key)}`;

/** Stream entry id of an event: the sequence number is the id, so XRANGE can start after any sequence. */
export const eventEntryId = (sequence: number): string => `0-${sequence}`;
