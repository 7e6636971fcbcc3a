import {
  CountingTransport, decodeDg1, mrzKeyFromMrz, parseMrz, readChipDump, readChipPrivateKey, readPassport, secureRandom,
  verifyDocument, VirtualChip,
} from '@openmitid/mrtd';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';
import { loadTrust, verdictJson, verdictLines } from './passport-shared.js';

export const passportRead: Command = {
  path: ['passport', 'read'],
  usage: 'openmitid passport read --chip DIR [--mrz LINE1 --mrz LINE2] [--trust FILE …] [--max-response N] [--extended] [--json]',
  summary: 'loads a dump into the virtual chip, reads it over BAC and secure messaging, runs passive and active authentication',
  async run(args, io) {
    const { values } = parse(args, {
      chip: { type: 'string' },
      mrz: { type: 'string', multiple: true },
      trust: { type: 'string', multiple: true },
      'max-response': { type: 'string' },
      extended: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (!values.chip) throw new UsageError('--chip is required');
    const dump = await readChipDump(values.chip);
    // The chip's own key is its printed MRZ (its DG1); the reader uses the MRZ the user gives, else that same one.
    const chipLines = dump.has('DG1') ? decodeDg1(dump.get('DG1')!).lines : values.mrz;
    if (!chipLines?.length) throw new UsageError('--mrz is required when the dump has no DG1.bin');
    const mrz = parseMrz(values.mrz?.length ? values.mrz : chipLines);
    const aaPrivateKey = await readChipPrivateKey(values.chip);
    const maxResponse = values['max-response'] ? Number(values['max-response']) : undefined;
    if (maxResponse !== undefined && !(maxResponse >= 1 && maxResponse <= 65536)) throw new UsageError('--max-response must be 1..65536');
    const chip = new VirtualChip({
      files: dump,
      mrzKey: mrzKeyFromMrz(parseMrz(chipLines)),
      ...(aaPrivateKey ? { aaPrivateKey } : {}),
      ...(maxResponse ? { maxResponseLength: maxResponse } : {}),
      extendedLength: values.extended ?? false,
    });
    const link = new CountingTransport(chip);
    const challenge = secureRandom(8);
    const read = await readPassport(link, { key: mrzKeyFromMrz(mrz), activeAuthenticationChallenge: challenge });
    const trust = await loadTrust(values.trust);
    const verdict = verifyDocument({
      files: read.files,
      trust,
      expectedMrz: mrz,
      ...(read.activeAuthentication ? { activeAuthentication: read.activeAuthentication } : {}),
      now: new Date(),
    });
    const stats = { apdus: link.stats.apdus, bytesSent: link.stats.bytesSent, bytesReceived: link.stats.bytesReceived, files: [...read.files.keys()] };
    if (values.json) io.out(JSON.stringify({ ...verdictJson(verdict), link: stats }, null, 2));
    else {
      io.out(`read ${stats.files.join(' ')} in ${stats.apdus} APDUs (${stats.bytesSent} bytes sent, ${stats.bytesReceived} received)`);
      for (const l of verdictLines(verdict)) io.out(l);
    }
    return verdict.genuine ? 0 : 1;
  },
};
