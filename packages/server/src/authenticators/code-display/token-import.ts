/**
 * Puts a maker's seed file into stock: one transaction per file, idempotent per serial (the
 * same seed again changes nothing; a different seed for a known serial is refused, since it
 * means a mix-up at the maker or a forged file).
 */
import { equalBytes } from '@openmitid/mrtd';
import { ApiError } from '../../errors.js';
import { newId } from '../../infra/ids.js';
import { parsePskc, type PskcKey, type PskcOptions } from './pskc.js';
import { DEFAULT_TOTP } from './totp.js';
import { normaliseSerial, openSeed, sealSeed, TOKEN_KINDS, type TokenDeps, type TokenKind } from './token-store.js';

export type RefusalReason =
  /** the key package has no usable DeviceInfo/SerialNo */
  | 'no-serial'
  /** an event-based (HOTP) key: the stock holds time-based devices only */
  | 'not-time-based'
  /** RFC 4226 §4 R6: a shared secret of at least 128 bits */
  | 'weak-secret'
  /** RFC 6030 §5: a Policy this server cannot enforce, or one that does not allow OTP use */
  | 'policy-not-supported'
  /** the Policy's validity period has ended, or not begun */
  | 'outside-validity'
  /** the serial is known (or appears earlier in the file) with another seed */
  | 'seed-conflict';

export interface ImportReport {
  imported: number;
  /** already in stock with the same seed */
  skipped: number;
  /** never with the seed: a serial (when known) and a reason */
  refused: { serial: string | undefined; reason: RefusalReason }[];
}

export interface ImportOptions {
  kind: TokenKind;
  now: Date;
}

const SERIAL = /^[A-Z0-9._:/]{1,64}$/;
const MIN_SECRET_BYTES = 16;

/** Imports parsed keys into stock in one transaction. */
export async function importTokens(deps: TokenDeps, keys: PskcKey[], options: ImportOptions): Promise<ImportReport> {
  if (!TOKEN_KINDS.includes(options.kind)) throw new ApiError('VALIDATION_FAILED', 'unknown device kind');
  const at = options.now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const report: ImportReport = { imported: 0, skipped: 0, refused: [] };
    for (const key of keys) {
      const serial = key.serial === undefined ? undefined : normaliseSerial(key.serial);
      if (serial === undefined || !SERIAL.test(serial)) {
        report.refused.push({ serial, reason: 'no-serial' });
        continue;
      }
      if (key.algorithm !== 'totp') {
        report.refused.push({ serial, reason: 'not-time-based' });
        continue;
      }
      if (key.secret.length < MIN_SECRET_BYTES) {
        report.refused.push({ serial, reason: 'weak-secret' });
        continue;
      }
      const policy = key.policy;
      if (policy && (!policy.understood || (policy.keyUsage.length > 0 && !policy.keyUsage.includes('OTP')))) {
        report.refused.push({ serial, reason: 'policy-not-supported' });
        continue;
      }
      if (policy && ((policy.expiryDate && policy.expiryDate <= options.now) || (policy.startDate && policy.startDate > options.now))) {
        report.refused.push({ serial, reason: 'outside-validity' });
        continue;
      }
      const inserted = await trx
        .insertInto('token_devices')
        .values({
          id: newId(deps.random),
          serial,
          kind: options.kind,
          manufacturer: key.manufacturer?.slice(0, 128) ?? null,
          model: key.model?.slice(0, 128) ?? null,
          digits: key.digits,
          period: key.period ?? DEFAULT_TOTP.period,
          hash: key.hash,
          t0: key.t0 ?? DEFAULT_TOTP.t0,
          seed_sealed: sealSeed(deps.pii, serial, key.secret),
          status: 'in-stock',
          drift: key.drift ?? 0,
          last_step: null,
          failures: 0,
          identity_id: null,
          version: 0,
          created_at: at,
          updated_at: at,
          activated_at: null,
        })
        // a known serial is left untouched; whether that is a repeat or a conflict is decided below
        .onConflict((oc) => oc.column('serial').doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 1n) {
        report.imported++;
        continue;
      }
      const existing = await trx.selectFrom('token_devices').select(['serial', 'seed_sealed']).where('serial', '=', serial).executeTakeFirstOrThrow();
      if (equalBytes(openSeed(deps.pii, existing), key.secret)) report.skipped++;
      else report.refused.push({ serial, reason: 'seed-conflict' });
    }
    return report;
  });
}

/** Parses a PSKC file and imports it. Parse and decryption errors come before any write. */
export async function importPskcFile(deps: TokenDeps, xml: string, options: ImportOptions & PskcOptions): Promise<ImportReport> {
  const keys = parsePskc(xml, { preSharedKey: options.preSharedKey, password: options.password });
  return importTokens(deps, keys, options);
}
