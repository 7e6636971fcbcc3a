export { createAuditLog, type AuditLog, type AuditVerification } from './log.js';
export { checkAuditEvent, canonicalJson, type AuditEvent } from './event.js';
export { chainHash, GENESIS_HASH } from './chain.js';
export { AuditError, type AuditErrorCode } from './errors.js';
