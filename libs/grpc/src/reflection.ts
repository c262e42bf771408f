import * as grpc from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { readFileSync } from 'node:fs';

export const HEALTH_SERVICE_NAME = 'grpc.health.v1.Health';

/**
 * Adds server reflection (for grpcurl-style tooling) describing exactly the services this server
 * hosts plus the health service: the descriptor set holds every SuperAgent proto, but a server
 * should not advertise services it does not implement.
 */
export function addReflection(
  server: grpc.Server,
  descriptorSetPath: string,
  serviceNames: readonly string[],
): void {
  const app = loadFileDescriptorSetFromBuffer(readFileSync(descriptorSetPath));
  const health = loadSync(healthProtoPath);
  const merged: PackageDefinition = { ...health, ...app };
  const reflection = new ReflectionService(merged, { services: [...serviceNames, HEALTH_SERVICE_NAME] });
  reflection.addToServer(server);
}
