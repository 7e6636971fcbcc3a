import { access } from 'node:fs/promises';
import { lazyNodeMrzOcrEngine, scanMrzImages } from '@openmitid/app/mrz-ocr/node';
import { parse } from '../args.js';
import { UsageError, type Command } from '../command.js';

export const mrzScan: Command = {
  path: ['mrz', 'scan'],
  usage: 'openmitid mrz scan IMAGE… [--json]',
  summary: 'reads the MRZ of a passport or ID card photo by OCR (several images = frames of one document, voted over)',
  async run(args, io) {
    const { values, positionals } = parse(args, { json: { type: 'boolean' } }, true);
    if (positionals.length === 0) throw new UsageError('give at least one image');
    for (const path of positionals) {
      try {
        await access(path);
      } catch {
        throw new UsageError(`cannot read ${path}`);
      }
    }
    const engine = lazyNodeMrzOcrEngine();
    try {
      const { vote, frames } = await scanMrzImages(engine, positionals);
      const last = frames[frames.length - 1];
      if (values.json) {
        io.out(
          JSON.stringify(
            vote.done
              ? { ok: true, format: vote.format, lines: vote.lines, checkDigits: 'pass', frames: vote.frames, via: vote.via }
              : { ok: false, code: vote.code ?? 'MRZ_UNREADABLE', message: last?.message ?? vote.message, frames: vote.frames, ...(last?.lines ? { unconfirmed: last.lines } : {}) },
            null,
            2,
          ),
        );
        return vote.done ? 0 : 1;
      }
      if (vote.done) {
        for (const line of vote.lines!) io.out(line);
        io.out(`${vote.format}: every check digit passes (${vote.frames} image(s), by ${vote.via})`);
        return 0;
      }
      const code = vote.code ?? 'MRZ_UNREADABLE';
      const unconfirmed = last?.ok && last.uncertain.length > 0;
      io.err(`${code}: ${unconfirmed ? `check digits pass but ${last.uncertain.length} character(s) no check digit covers are unsure; give another image` : (last?.message ?? vote.message)}`);
      return 1;
    } finally {
      await engine.terminate();
    }
  },
};
