import type { GrpcServer } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';

/**
 * What the service says about itself, from the model load on:
 * - warm: the model has answered its warm-up pass and the pre-warm texts are in the cache. Until
 *   then Embed answers UNAVAILABLE, so a burst of calls at start-up cannot crowd the warm-up out of
 *   the queue (and fail the start); clients retry, on another replica where there is one.
 * - ready (health SERVING, GetInfo.ready): warm, and no model thread has died.
 * - alive (liveness): until a model thread dies; a restart mends that.
 * A model thread can die before the server exists: the server is told when it is attached.
 */
export class ServiceStatus {
  private warm = false;
  private modelDied = false;
  private server: GrpcServer | undefined;

  constructor(private readonly logger: Logger) {}

  readonly isWarm = (): boolean => this.warm;

  readonly isReady = (): boolean => this.warm && !this.modelDied;

  /** The model's onCrash: unready and not alive, so the pod is taken out and restarted. */
  readonly modelThreadDied = (err: Error): void => {
    this.logger.error({ err }, 'model worker died');
    this.modelDied = true;
    this.server?.setServing(false);
    this.server?.setAlive(false);
  };

  attach(server: GrpcServer): void {
    this.server = server;
    if (this.modelDied) server.setAlive(false);
  }

  /** Warm-up has finished: Embed is let in, and health turns SERVING unless a model thread died. */
  warmedUp(): void {
    this.warm = true;
    if (!this.modelDied) this.server?.setServing(true);
  }
}
