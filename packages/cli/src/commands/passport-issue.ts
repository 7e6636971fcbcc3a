import { readFile } from 'node:fs/promises';
import { FORGERIES, issuePassport, writeIssuedPassport, type AaKeyKind, type Forgery, type SignatureAlgorithm } from '@openmitid/mrtd';
import { oneOf, parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

const SIGS: readonly SignatureAlgorithm[] = ['rsa', 'rsa-pss', 'ecdsa-p256', 'ecdsa-brainpoolp256'];
const AA: readonly AaKeyKind[] = ['rsa', 'ec', 'none'];

export const passportIssue: Command = {
  path: ['passport', 'issue'],
  usage:
    'openmitid passport issue --mrz LINE1 --mrz LINE2 --photo FILE [--sig rsa|rsa-pss|ecdsa-p256|ecdsa-brainpoolp256] [--aa rsa|ec|none] [--forge tampered-dg|wrong-signer|expired-signer|clone] --out DIR',
  summary: 'makes a test passport chip dump (COM.bin, DG*.bin, SOD.bin), its csca.pem, dsc.pem and the chip key',
  async run(args, io) {
    const { values } = parse(args, {
      mrz: { type: 'string', multiple: true },
      photo: { type: 'string' },
      sig: { type: 'string' },
      aa: { type: 'string' },
      forge: { type: 'string' },
      out: { type: 'string' },
    });
    if (!values.mrz?.length || !values.photo || !values.out) throw new UsageError('--mrz, --photo and --out are required');
    const algorithm = oneOf(values.sig, SIGS, 'sig') ?? 'ecdsa-p256';
    const forge = oneOf<Forgery>(values.forge, FORGERIES, 'forge');
    const activeAuthentication = oneOf(values.aa, AA, 'aa') ?? 'rsa';
    const photo = new Uint8Array(await readFile(values.photo));
    const passport = issuePassport({
      mrz: values.mrz,
      photo,
      algorithm,
      activeAuthentication,
      ...(forge ? { forge } : {}),
      now: new Date(),
    });
    await writeIssuedPassport(values.out, passport);
    io.out(`wrote ${[...passport.files.keys()].map((n) => `${n}.bin`).join(' ')} csca.pem dsc.pem${passport.aaPrivateKey ? ' chip-aa-private.pem' : ''} to ${values.out}`);
    if (photo.length > 64 * 1024) io.out(`note: the photo is ${photo.length} bytes as given; real chips hold a 15–20 KB JPEG 2000 portrait`);
    io.out(`signature ${algorithm}, active authentication ${activeAuthentication}${forge ? `, FORGED: ${forge}` : ''}`);
    return 0;
  },
};
