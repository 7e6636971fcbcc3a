import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeDg2 } from '@openmitid/mrtd';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

/**
 * The reference image: a JPEG/JP2/J2K/PNG file, a DG2 file (EF.DG2 as read from a chip), or a chip
 * dump folder holding DG2.bin — then the first facial image in it.
 */
async function reference(file: string): Promise<{ bytes: Uint8Array; source: string }> {
  let p = file;
  if ((await stat(p)).isDirectory()) p = path.join(p, 'DG2.bin');
  const bytes = new Uint8Array(await readFile(p));
  if (bytes[0] === 0x75) {
    const face = decodeDg2(bytes).faces[0];
    if (!face) throw new UsageError(`${p}: DG2 holds no facial image`);
    return { bytes: face.image, source: `DG2 (${face.imageFormat}, ${face.width}×${face.height})` };
  }
  return { bytes, source: 'image file' };
}

export const faceCompare: Command = {
  path: ['face', 'compare'],
  usage: 'openmitid face compare REFERENCE IMAGE [--json] [--threshold T] [--model faceres|faceres-deep|mobilefacenet|mobileface]',
  summary: 'compares two faces (REFERENCE may be a chip dump folder, its DG2.bin, or a JPEG/JPEG 2000 file): similarity, threshold, verdict',
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' }, threshold: { type: 'string' }, model: { type: 'string' } }, true);
    if (positionals.length !== 2) throw new UsageError('two images are needed');
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !(threshold >= -1 && threshold <= 1)) throw new UsageError('--threshold must be a number in [-1, 1]');
    // loaded only here: tfjs and the models take seconds, other commands should not pay for them
    const { createFaceMatcher } = await import('../../../server/src/proofing/face/matcher.js');
    const { embeddingModels } = await import('../../../server/src/proofing/face/engine.js');
    const model = values.model;
    if (model !== undefined && !(embeddingModels as readonly string[]).includes(model)) throw new UsageError(`--model must be one of ${embeddingModels.join(', ')}`);
    const matcher = await createFaceMatcher({ ...(threshold === undefined ? {} : { threshold }), ...(model === undefined ? {} : { model }) });
    const ref = await reference(positionals[0]!);
    const probe = new Uint8Array(await readFile(positionals[1]!));
    const r = await matcher.compare(ref.bytes, probe);
    if (values.json) {
      io.out(JSON.stringify({ similarity: round(r.score), threshold: r.threshold, match: r.match, modelVersion: r.modelVersion, reference: ref.source }));
    } else {
      io.out(`similarity ${r.score.toFixed(3)}  threshold ${r.threshold.toFixed(3)}  ${r.match ? 'MATCH' : 'NO MATCH'}`);
      io.out(`reference: ${ref.source}; model ${r.modelVersion}`);
    }
    return 0;
  },
};

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
