import * as grpc from '@grpc/grpc-js';

/** What grpc-js hands to `start` (its `InterceptingServerListener`, not exported by name). */
export type CallListener = Parameters<grpc.ServerInterceptingCallInterface['start']>[0];
/** The status an interceptor sends (grpc-js's `PartialStatusObject`, not exported by name). */
export type SentStatus = Parameters<grpc.ServerInterceptingCallInterface['sendStatus']>[0];

/**
 * A server interceptor layer that forwards every event and action unchanged; subclasses override
 * the few they observe. It is its own listener, so a layer costs one object per call.
 *
 * Why not grpc-js's `ServerInterceptingCall` with a responder and a listener from its builders:
 * every forwarded step then allocates closures, an intercepting listener and an empty `Metadata`,
 * so that asynchronous `next` callbacks can be supported. Our layers act synchronously, and on a
 * small RPC that machinery was a measurable part of the server's work (bench `router`).
 * It still extends `ServerInterceptingCall`, only because grpc-js's `ServerInterceptor` type
 * names that class as the result; every method is overridden.
 */
export class ForwardingServerCall extends grpc.ServerInterceptingCall implements CallListener {
  /** The handler side's listener, set by `start`. */
  protected listener: CallListener | undefined;

  constructor(protected readonly next: grpc.ServerInterceptingCallInterface) {
    super(next);
  }

  // The call, towards the client.
  override start(listener: CallListener): void {
    this.listener = listener;
    this.next.start(this);
  }
  override sendMetadata(metadata: grpc.Metadata): void {
    this.next.sendMetadata(metadata);
  }
  override sendMessage(message: unknown, callback: () => void): void {
    this.next.sendMessage(message, callback);
  }
  override sendStatus(status: SentStatus): void {
    this.next.sendStatus(status);
  }
  override startRead(): void {
    this.next.startRead();
  }
  override getPeer(): string {
    return this.next.getPeer();
  }
  override getDeadline(): grpc.Deadline {
    return this.next.getDeadline();
  }
  override getHost(): string {
    return this.next.getHost();
  }
  override getAuthContext(): ReturnType<grpc.ServerInterceptingCallInterface['getAuthContext']> {
    return this.next.getAuthContext();
  }
  override getConnectionInfo(): ReturnType<grpc.ServerInterceptingCallInterface['getConnectionInfo']> {
    return this.next.getConnectionInfo();
  }
  override getMetricsRecorder(): ReturnType<grpc.ServerInterceptingCallInterface['getMetricsRecorder']> {
    return this.next.getMetricsRecorder();
  }

  // The listener, towards the handler. Events only arrive after `start`, which set `listener`.
  onReceiveMetadata(metadata: grpc.Metadata): void {
    this.listener?.onReceiveMetadata(metadata);
  }
  onReceiveMessage(message: unknown): void {
    this.listener?.onReceiveMessage(message);
  }
  onReceiveHalfClose(): void {
    this.listener?.onReceiveHalfClose();
  }
  onCancel(): void {
    this.listener?.onCancel();
  }
}
