/**
 * EF.COM (Doc 9303 Part 10 §4.6.1): LDS version (5F01, "aabb"), Unicode version (5F36,
 * "aabbcc") and the tag list (5C) of the data groups present.
 */
import { ascii, concat } from '../bytes.js';
import { requireTlv, readTlvs, encodeTlv } from '../tlv.js';
import { ldsFile, ldsFileByTag } from './files.js';
import { guarded, malformed, outer, checkUint } from './guard.js';

export interface Com {
  /** four digits, e.g. '0107' for LDS 1.7 */
  ldsVersion: string;
  /** six digits, e.g. '040000' for Unicode 4.0.0 */
  unicodeVersion: string;
  /** outer tags of the data groups present, e.g. [0x61, 0x75, 0x6f] */
  tags: number[];
}

const TAG_LDS_VERSION = 0x5f01;
const TAG_UNICODE_VERSION = 0x5f36;
const TAG_LIST = 0x5c;

function digits(bytes: Uint8Array, count: number, what: string): string {
  if (bytes.length !== count || bytes.some((b) => b < 0x30 || b > 0x39)) {
    throw malformed('EF.COM', `${what} must be ${count} digits`);
  }
  return ascii(bytes);
}

export function decodeCom(file: Uint8Array): Com {
  return guarded('EF.COM', () => {
    const com = outer(file, ldsFile('COM').tag, 'EF.COM');
    readTlvs(com.value); // the whole template must be well formed, not just the parts we use
    const ldsVersion = digits(requireTlv(com.value, TAG_LDS_VERSION, 'EF.COM').value, 4, 'LDS version');
    const unicodeVersion = digits(requireTlv(com.value, TAG_UNICODE_VERSION, 'EF.COM').value, 6, 'Unicode version');
    const tags = Array.from(requireTlv(com.value, TAG_LIST, 'EF.COM').value);
    return { ldsVersion, unicodeVersion, tags };
  });
}

export function encodeCom(c: Com): Uint8Array {
  const enc = (text: string, count: number, what: string) => {
    if (!new RegExp(`^[0-9]{${count}}$`).test(text)) throw malformed('EF.COM', `cannot encode ${what} '${text}'`);
    return new TextEncoder().encode(text);
  };
  const tags = c.tags.map((t) => checkUint(t, 0xff, 'EF.COM tag'));
  return encodeTlv(
    ldsFile('COM').tag,
    concat(
      encodeTlv(TAG_LDS_VERSION, enc(c.ldsVersion, 4, 'LDS version')),
      encodeTlv(TAG_UNICODE_VERSION, enc(c.unicodeVersion, 6, 'Unicode version')),
      encodeTlv(TAG_LIST, Uint8Array.from(tags)),
    ),
  );
}

/** The data group number whose file has this outer tag (0x61 → 1, 0x75 → 2, …), or undefined. */
export function dataGroupNumberOfTag(tag: number): number | undefined {
  return ldsFileByTag(tag)?.dg;
}
