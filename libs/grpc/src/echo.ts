import * as grpc from '@grpc/grpc-js';

/**
 * The transport baseline for benchmarks: a bare grpc-js echo with identity Buffer serializers,
 * no interceptors, no health, no libraries. Whatever the services add is measured against this.
 */
const identity = (value: Buffer): Buffer => value;

export const BARE_ECHO_SERVICE_NAME = 'superagent.bench.EchoService';

export const bareEchoDefinition = {
  echo: {
    path: `/${BARE_ECHO_SERVICE_NAME}/Echo`,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
} as const satisfies grpc.ServiceDefinition;

export interface BareEchoServer {
  port: number;
  address: string;
  stop(): Promise<void>;
}

/** Starts the bare echo on `host:port` (port 0 = free port). */
export function startBareEchoServer(port = 0, host = '127.0.0.1'): Promise<BareEchoServer> {
  const server = new grpc.Server();
  const echo: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => callback(null, call.request);
  server.addService(bareEchoDefinition, { echo });
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, boundPort) => {
      if (err) {
        reject(err);
        return;
      }
      resolve({
        port: boundPort,
        address: `${host}:${boundPort}`,
        stop: () => new Promise<void>((done) => server.tryShutdown(() => done())),
      });
    });
  });
}

export interface BareEchoClient {
  echo(payload: Buffer, deadlineMs?: number): Promise<Buffer>;
  close(): void;
}

/** A bare grpc-js client for the echo (no deadline helper, breaker or retry). */
export function createBareEchoClient(address: string, channelOptions?: grpc.ChannelOptions): BareEchoClient {
  const client = new grpc.Client(address, grpc.credentials.createInsecure(), channelOptions);
  const { path } = bareEchoDefinition.echo;
  return {
    echo(payload, deadlineMs = 5_000) {
      return new Promise((resolve, reject) => {
        client.makeUnaryRequest(
          path,
          identity,
          identity,
          payload,
          new grpc.Metadata(),
          { deadline: Date.now() + deadlineMs },
          (err, res) => {
            if (err) reject(err);
            else if (res === undefined) reject(new Error('empty echo response'));
            else resolve(res);
          },
        );
      });
    },
    close: () => client.close(),
  };
}
