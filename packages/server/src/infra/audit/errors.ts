export type AuditErrorCode = 'AUDIT_CHAIN_BROKEN' | 'AUDIT_EVENT_REFUSED';

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(
    readonly code: AuditErrorCode,
    message: string,
    readonly firstBadSeq?: number,
  ) {
    super(message);
  }
}
