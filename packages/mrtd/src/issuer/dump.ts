/**
 * A chip dump: a folder of files named COM.bin, DG1.bin … DG16.bin, SOD.bin (present ones only),
 * as read from a chip. The issuer also writes csca.pem, dsc.pem and the chip's private key.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MrtdError } from '../errors.js';
import { LDS_FILES, type LdsFileName } from '../lds/files.js';
import { toPem } from '../pki/index.js';
import type { IssuedPassport } from './passport.js';

export const AA_KEY_FILE = 'chip-aa-private.pem';

export async function readChipDump(dir: string): Promise<Map<LdsFileName, Uint8Array>> {
  const names = new Set(await readdir(dir));
  const files = new Map<LdsFileName, Uint8Array>();
  for (const f of LDS_FILES) {
    if (names.has(`${f.name}.bin`)) files.set(f.name, new Uint8Array(await readFile(join(dir, `${f.name}.bin`))));
  }
  if (files.size === 0) throw new MrtdError('DOC_FILE_MISSING', `no chip files (COM.bin, DG1.bin, SOD.bin …) in ${dir}`);
  return files;
}

export async function writeChipDump(dir: string, files: Map<LdsFileName, Uint8Array>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of files) await writeFile(join(dir, `${name}.bin`), bytes);
}

/** Writes the dump plus csca.pem, dsc.pem and the chip's Active Authentication key (test documents only). */
export async function writeIssuedPassport(dir: string, p: IssuedPassport): Promise<void> {
  await writeChipDump(dir, p.files);
  await writeFile(join(dir, 'csca.pem'), toPem(p.csca.certificate, 'CERTIFICATE'));
  await writeFile(join(dir, 'dsc.pem'), toPem(p.documentSigner.certificate, 'CERTIFICATE'));
  if (p.aaPrivateKey) {
    await writeFile(join(dir, AA_KEY_FILE), p.aaPrivateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  }
}

export async function readChipPrivateKey(dir: string): Promise<KeyObject | undefined> {
  try {
    return createPrivateKey(await readFile(join(dir, AA_KEY_FILE), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
