/**
 * Every migration, oldest first. Names are date-prefixed (`YYYYMMDD_NN_name`) so they sort
 * in the order they must run; a migration is frozen once merged and never imports
 * application types (it sees the schema as it was on its date).
 */
import type { Migration } from 'kysely';
import * as enrolment from './20261125_01_enrolment.js';
import * as audit from './20261125_10_audit.js';
import * as smsOutbox from './20261125_11_sms_outbox.js';
import * as rateLimits from './20261125_12_rate_limits.js';
import * as tokenDevices from './20261125_30_token_devices.js';
import * as tokenOrders from './20261125_31_token_orders.js';
import * as appAuthenticators from './20261125_40_app_authenticators.js';
import * as oidc from './20261125_50_oidc.js';
import * as passwords from './20261125_60_passwords.js';
import * as fido from './20261125_61_fido.js';
import * as identityStatus from './20261125_70_identity_status.js';
import * as faceProofings from './20261125_75_face_proofings.js';

export const migrations: Record<string, Migration> = {
  '20261125_01_enrolment': enrolment,
  '20261125_10_audit': audit,
  '20261125_11_sms_outbox': smsOutbox,
  '20261125_12_rate_limits': rateLimits,
  '20261125_30_token_devices': tokenDevices,
  '20261125_31_token_orders': tokenOrders,
  '20261125_40_app_authenticators': appAuthenticators,
  '20261125_50_oidc': oidc,
  '20261125_60_passwords': passwords,
  '20261125_61_fido': fido,
  '20261125_70_identity_status': identityStatus,
  '20261125_75_face_proofings': faceProofings,
};
