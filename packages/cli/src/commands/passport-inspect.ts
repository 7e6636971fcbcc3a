import {
  decodeCom, decodeDg11, decodeDg14, decodeDg15, decodeDg2, decodeSod, MrtdError, readChipDump, verifyDocument,
  type LdsFileName,
} from '@openmitid/mrtd';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { loadTrust, verdictJson, verdictLines } from './passport-shared.js';

/** What each file says, decoded; a file that does not parse is reported with its code, not fatal. */
export function describeFiles(files: Map<LdsFileName, Uint8Array>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attempt = (name: LdsFileName, f: (b: Uint8Array) => unknown) => {
    const bytes = files.get(name);
    if (!bytes) return;
    try {
      out[name] = { size: bytes.length, ...(f(bytes) as object) };
    } catch (e) {
      out[name] = { size: bytes.length, error: e instanceof MrtdError ? e.code : 'UNEXPECTED', message: (e as Error).message };
    }
  };
  attempt('COM', (b) => {
    const c = decodeCom(b);
    return { ldsVersion: c.ldsVersion, unicodeVersion: c.unicodeVersion, tags: c.tags.map((t) => t.toString(16)) };
  });
  // DG1 is reported through the parsed MRZ of the verdict
  attempt('DG2', (b) => ({
    faces: decodeDg2(b).faces.map((f) => ({ format: f.imageFormat, width: f.width, height: f.height, bytes: f.image.length })),
  }));
  attempt('DG11', (b) => ({ ...decodeDg11(b) }));
  attempt('DG14', (b) => ({ securityInfos: decodeDg14(b).securityInfos.map((s) => ({ kind: s.kind, protocol: s.protocol })) }));
  attempt('DG15', (b) => ({ keyType: decodeDg15(b).keyType }));
  attempt('SOD', (b) => {
    const s = decodeSod(b);
    return {
      hashAlgorithm: s.hashAlgorithm,
      dataGroups: [...s.dataGroupHashes.keys()],
      signatureAlgorithm: s.signatureAlgorithm,
      signingTime: s.signingTime?.toISOString(),
    };
  });
  return out;
}

export const passportInspect: Command = {
  path: ['passport', 'inspect'],
  usage: 'openmitid passport inspect DIR [--trust FILE …] [--json]',
  summary: 'parses a chip dump, runs passive authentication, prints the fields and the verdict (exit 1 when refused)',
  async run(args, io) {
    const { values, positionals } = parse(args, { trust: { type: 'string', multiple: true }, json: { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new UsageError('give exactly one dump folder');
    const files = await readChipDump(positionals[0]!);
    const trust = await loadTrust(values.trust);
    const verdict = verifyDocument({ files, trust, now: new Date() });
    // Inspection checks the files only: no chip is present to answer an Active Authentication challenge.
    const errors = verdict.errors.filter((e) => e.code !== 'AA_NOT_PERFORMED');
    const genuine = errors.length === 0 && verdict.passive.valid && verdict.dg1MatchesMrz;
    const fields = describeFiles(files);
    const mrz = verdict.mrz;
    if (values.json) {
      io.out(JSON.stringify({ files: fields, mrz, ...verdictJson({ ...verdict, errors, genuine }) }, null, 2));
    } else {
      if (mrz) {
        io.out(`${mrz.format} ${mrz.documentCode} issued by ${mrz.issuingState}, number ${mrz.documentNumber}`);
        io.out(`  ${mrz.surname}, ${mrz.givenNames} — born ${mrz.dateOfBirth}, sex ${mrz.sex}, nationality ${mrz.nationality}, expires ${mrz.dateOfExpiry}`);
      }
      for (const [name, info] of Object.entries(fields)) io.out(`${name}: ${JSON.stringify(info)}`);
      for (const l of verdictLines({ ...verdict, errors, genuine })) io.out(l);
    }
    return genuine ? 0 : 1;
  },
};
