export { freePort, freePorts } from './ports';
export { waitFor, type WaitOptions } from './wait';
export { startProcess, type StartProcessOptions, type ManagedProcess, type ExitInfo } from './process';
export { trackedChildCount } from './child-registry';
export { redisCommand, redisPing, redisInfo, type RedisAddress } from './redis-probe';
export { startRedisServer, type RedisServer, type RedisServerOptions } from './redis-server';
export {
  startSentinelTopology,
  type SentinelTopology,
  type SentinelTopologyOptions,
} from './sentinel-topology';
export { startOtlpReceiver, type OtlpReceiver, type OtlpRequestRecord } from './otlp-receiver';
export {
  decodeTraces,
  decodeMetrics,
  type OtlpSpan,
  type OtlpMetric,
  type OtlpDataPoint,
  type OtlpValue,
} from './otlp-json';
export {
  rawClient,
  rawUnary,
  rawServerStream,
  rawBidi,
  assertStatus,
  assertServing,
  hostileTests,
  invalidField,
  standardRows,
  wire,
  INVALID_UTF8,
  BEYOND_2_53,
  type RawReply,
  type RawCallOptions,
  type HostileRow,
  type RawSend,
  type StandardCases,
} from './hostile';
export { healthStatus, type HealthStatus } from './health';
export {
  startServiceProcess,
  serviceMain,
  serviceCommand,
  type ServiceName,
  type ServiceProcessOptions,
  type ServiceProcess,
} from './service-process';
export { CHROMIUM_PATH, CHROMIUM_TEST_FLAGS } from './chromium';
export { exerciseRedisOutage, type RedisOutageProbe, type RedisOutageReport } from './redis-outage';
export { NO_ANSWER, startMessagesApi, toolUse, type MessagesApi, type RecordedCall } from './messages-api';
