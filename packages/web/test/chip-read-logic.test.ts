/** The chip screen's pure parts: one forward-only percentage for the read, and the code a failed read shows. */
import { describe, expect, it } from 'vitest';
import { MrtdError } from '@openmitid/mrtd';
import { announcedStep, READ_DONE_PERCENT, readPercent } from '../src/chip/read-progress.js';
import { chipReadError } from '../src/chip/chip-error.js';
import { TransportError } from '../src/enrolment/transport.js';

describe('read progress', () => {
  it('moves forward through the files in reading order and ends at the read-done mark', () => {
    const seen = [
      readPercent('COM', 8, 20),
      readPercent('COM', 20, 20),
      readPercent('SOD', 1000, 2000),
      readPercent('DG1', 93, 93),
      readPercent('DG2', 0, 20_000),
      readPercent('DG2', 10_000, 20_000),
      readPercent('DG2', 20_000, 20_000),
      readPercent('DG14', 300, 300),
      readPercent('DG15', 200, 200),
    ];
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[0]).toBe(0);
    expect(readPercent('DG2', 10_000, 20_000)).toBe(45);
    expect(seen.at(-1)).toBe(READ_DONE_PERCENT);
    // a file outside the usual set (DG3 asked for by name) counts as done reading
    expect(readPercent('DG3', 1, 2)).toBe(READ_DONE_PERCENT);
  });

  it('is read out in quarters', () => {
    expect([0, 24, 25, 49, 50, 74, 89, 100].map(announcedStep)).toEqual([0, 0, 25, 25, 50, 50, 75, 100]);
  });
});

describe('chip read errors', () => {
  it('shows the link failure behind a transport error, CHIP_ACCESS_DENIED for a refused key, CHIP_READ_FAILED otherwise', () => {
    const removed = new TransportError('READER_CARD_REMOVED');
    expect(chipReadError(new MrtdError('TRANSPORT_FAILED', 'READ_BINARY:DG2: transport failed', { cause: removed }))).toBe(removed);
    expect(chipReadError(new MrtdError('BAC_FAILED', 'BAC:MUTUAL_AUTHENTICATE: 6300', { sw: 0x6300 }))).toMatchObject({ code: 'CHIP_ACCESS_DENIED' });
    expect(chipReadError(new MrtdError('SM_MAC_INVALID', 'bad MAC'))).toMatchObject({ code: 'CHIP_READ_FAILED' });
    const server = Object.assign(new Error('refused'), { code: 'CHIP_NOT_GENUINE' });
    expect(chipReadError(server)).toBe(server);
  });
});
