import type { HostedService } from '@superagent/grpc';
import { cost, serviceNames } from '@superagent/proto';
import { recordHandlers } from './handlers/record-handlers';
import { reportHandlers } from './handlers/report-handlers';
import { reservationHandlers } from './handlers/reservation-handlers';
import { createLedger, type LedgerOptions } from './ledger';

export type CostServiceDeps = LedgerOptions;

/** The CostService for startServer / startTestServer: every RPC of cost.v1. */
export function createCostService(deps: CostServiceDeps): HostedService {
  const ledger = createLedger(deps);
  const implementation: cost.CostServiceServer = {
    ...recordHandlers(ledger),
    ...reservationHandlers(ledger),
    ...reportHandlers(ledger),
  };
  return { definition: cost.CostServiceService, implementation, name: serviceNames.cost };
}
