import { createLedgerContext, type LedgerOptions } from './context';
import { recordUseCases } from './records';
import { reportUseCases } from './reports';
import { reservationUseCases } from './reservations';

// The service's use cases: validate, price, check budgets, call the store, shape the answer.
// Transport-free (handlers map protos in and out); failures are gRPC ServiceErrors.

export type { BudgetReport, LedgerOptions, RecordOutcome, VersionedSource } from './context';
export type { CommitOutcome, ReserveInput } from './reservations';
export type { Report, ReportQuery } from './reports';
export type { ReportScopeKind } from '../domain/report';

export type Ledger = ReturnType<typeof recordUseCases> &
  ReturnType<typeof reservationUseCases> &
  ReturnType<typeof reportUseCases>;

export function createLedger(options: LedgerOptions): Ledger {
  const ctx = createLedgerContext(options);
  return { ...recordUseCases(ctx), ...reservationUseCases(ctx), ...reportUseCases(ctx) };
}
