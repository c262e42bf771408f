// A transition being built: a private copy of the record plus the events it will append. Every
// change to a task goes through one of these and is committed as a unit (record + events).
import { router } from '@superagent/proto';
import { cloneRecord, type Checkpoint, type TaskRecord } from '../store/task-record';

export interface Transition {
  record: TaskRecord;
  events: router.TaskEvent[];
}

/** Event messages are capped (proto: at most 4 KiB); a long failure text is cut, not rejected. */
export const MESSAGE_LIMIT = 4096;

export function trimMessage(text: string): string {
  if (Buffer.byteLength(text, 'utf8') <= MESSAGE_LIMIT) return text;
  let cut = text.slice(0, MESSAGE_LIMIT - 3);
  while (Buffer.byteLength(cut, 'utf8') > MESSAGE_LIMIT - 3) cut = cut.slice(0, -1);
  return `${cut}...`;
}

export type EventFields = Partial<
  Pick<
    router.TaskEvent,
    'attempt' | 'tier' | 'modelId' | 'message' | 'amountMicros' | 'reservationId' | 'run'
  >
>;

export class Draft {
  readonly task: router.Task;
  readonly checkpoint: Checkpoint;
  private readonly events: router.TaskEvent[] = [];

  constructor(
    record: TaskRecord,
    readonly now: number,
  ) {
    const copy = cloneRecord(record);
    this.task = copy.task;
    this.checkpoint = copy.checkpoint;
  }

  /** The attempt in progress (the last one), created by the routing transition. */
  get attempt(): router.Attempt | undefined {
    return this.task.attempts[this.task.attempts.length - 1];
  }

  /** Appends an event carrying the task's status and `stage` after it. */
  emit(type: router.TaskEventType, stage: router.TaskStage, fields: EventFields = {}): void {
    this.task.stage = stage;
    this.task.lastSequence += 1;
    this.events.push(
      router.TaskEvent.fromPartial({
        taskId: this.task.taskId,
        sequence: this.task.lastSequence,
        timestampUnixMs: this.now,
        type,
        status: this.task.status,
        stage,
        ...fields,
        ...(fields.message === undefined ? {} : { message: trimMessage(fields.message) }),
      }),
    );
  }

  done(): Transition {
    this.task.updatedUnixMs = this.now;
    this.checkpoint.transition += 1;
    return { record: { task: this.task, checkpoint: this.checkpoint }, events: this.events };
  }
}
