import { describe, expect, it } from 'vitest';
import { correctMrz, MrzVoter, type FrameReading, type OcrLine } from '../src/mrz-ocr/index.js';

const SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

function ocr(text: string, low: Record<number, number> = {}): OcrLine {
  return { text, confidences: [...text].map((_, i) => low[i] ?? 92) };
}

/** A frame as readMrzFrame would give it for these recognised lines. */
function frame(lines: OcrLine[]): FrameReading {
  return { ...correctMrz(lines), ocrLines: lines };
}

function replaceAt(text: string, i: number, c: string): string {
  return text.slice(0, i) + c + text.slice(i + 1);
}

describe('MrzVoter', () => {
  it('needs two agreeing frames by default and says how many it took', () => {
    const voter = new MrzVoter();
    const first = voter.add(frame(SPECIMEN.map((t) => ocr(t))));
    expect(first.done).toBe(false);
    const second = voter.add(frame(SPECIMEN.map((t) => ocr(t))));
    expect(second).toMatchObject({ done: true, frames: 2, lines: SPECIMEN, format: 'TD3' });
  });

  it('accepts one sure frame when one is enough, but not one with an unsure name', () => {
    expect(new MrzVoter({ agree: 1 }).add(frame(SPECIMEN.map((t) => ocr(t))))).toMatchObject({ done: true, frames: 1, via: 'agreement' });
    const unsure = frame([ocr(SPECIMEN[0]!, { 16: 40 }), ocr(SPECIMEN[1]!)]);
    expect(unsure.ok).toBe(true);
    expect(new MrzVoter({ agree: 1 }).add(unsure).done).toBe(false);
  });

  it('combines frames that are each unreadable into a reading by per-position vote', () => {
    // frame A misreads the birth date, frame B the expiry date, frame C the name: each fails or
    // is unsure alone, the per-position vote over the three is right everywhere
    const a = [ocr(SPECIMEN[0]!), ocr(replaceAt(SPECIMEN[1]!, 15, '6'))];
    const b = [ocr(SPECIMEN[0]!), ocr(replaceAt(SPECIMEN[1]!, 23, '8'))];
    const c = [ocr(replaceAt(SPECIMEN[0]!, 20, 'M'), { 20: 50 }), ocr(SPECIMEN[1]!)];
    const voter = new MrzVoter();
    for (const f of [a, b, c]) expect(new MrzVoter({ agree: 1 }).add(frame(f)).done).toBe(false);
    voter.add(frame(a));
    const afterB = voter.add(frame(b));
    const afterC = afterB.done ? afterB : voter.add(frame(c));
    expect(afterC.done).toBe(true);
    expect(afterC.lines).toEqual(SPECIMEN);
    expect(afterC.via).toBe('vote');
  });

  it('does not settle a name the frames disagree on', () => {
    const voter = new MrzVoter();
    voter.add(frame([ocr(replaceAt(SPECIMEN[0]!, 15, 'M'), { 15: 70 }), ocr(SPECIMEN[1]!)]));
    const r = voter.add(frame([ocr(replaceAt(SPECIMEN[0]!, 15, 'H'), { 15: 70 }), ocr(SPECIMEN[1]!)]));
    expect(r.done).toBe(false);
  });

  it('keeps the most telling refusal and stops counting once done', () => {
    const voter = new MrzVoter();
    voter.add({ ok: false, code: 'MRZ_NOT_FOUND', uncertain: [], ocrLines: [] });
    const r = voter.add(frame([ocr(SPECIMEN[0]!), ocr(replaceAt(SPECIMEN[1]!, 16, '6'))]));
    expect(r).toMatchObject({ done: false, frames: 2, code: 'MRZ_CHECK_DIGIT' });
    voter.add(frame(SPECIMEN.map((t) => ocr(t))));
    const done = voter.add(frame(SPECIMEN.map((t) => ocr(t))));
    expect(done.done).toBe(true);
    expect(voter.add({ ok: false, code: 'MRZ_NOT_FOUND', uncertain: [], ocrLines: [] })).toBe(done);
    voter.reset();
    expect(voter.frames).toBe(0);
  });
});
