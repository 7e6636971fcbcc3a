/**
 * The common shape of DG11 and DG12 (Doc 9303 Part 10 §4.7.11, §4.7.12): a tag list (5C)
 * naming the data elements present, each element a primitive TLV, and repeatable elements
 * wrapped in A0 with a one-byte count (02) in front.
 */
import { concat } from '../bytes.js';
import { MrtdError } from '../errors.js';
import { readTlvs, encodeTlv, encodeTag } from '../tlv.js';
import { guarded, malformed, outer, utf8Text } from './guard.js';

export type FieldKind = 'text' | 'binary' | 'list' | 'date8' | 'datetime14';

export interface FieldSpec {
  tag: number;
  key: string;
  kind: FieldKind;
}

export type FieldValues = Record<string, string | string[] | Uint8Array | undefined>;

const TAG_LIST = 0x5c;
const TAG_REPEATED = 0xa0;
const TAG_COUNT = 0x02;

/** Tags in a tag list are BER tags of one or more bytes (5F0E is two). */
function parseTagList(bytes: Uint8Array, what: string): number[] {
  const tags: number[] = [];
  let p = 0;
  while (p < bytes.length) {
    let tag = bytes[p++]!;
    if ((tag & 0x1f) === 0x1f) {
      let more = true;
      for (let n = 0; more; n++) {
        if (p >= bytes.length || n >= 2) throw malformed(what, 'tag list is malformed');
        const b = bytes[p++]!;
        tag = (tag << 8) | b;
        more = (b & 0x80) !== 0;
      }
    }
    tags.push(tag);
  }
  return tags;
}

/**
 * Dates are text digits (CCYYMMDD, CCYYMMDDhhmmss); some chips store them as packed BCD
 * instead (half the length), which is unpacked to the same digits.
 */
function dateText(bytes: Uint8Array, digits: number, what: string): string {
  if (bytes.length * 2 === digits && bytes.every((b) => b >> 4 <= 9 && (b & 0x0f) <= 9)) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return utf8Text(bytes, what);
}

function decodeValue(spec: FieldSpec, value: Uint8Array, what: string): string | Uint8Array {
  switch (spec.kind) {
    case 'binary':
      return value.slice();
    case 'date8':
      return dateText(value, 8, what);
    case 'datetime14':
      return dateText(value, 14, what);
    default:
      return utf8Text(value, what);
  }
}

export function decodeDetailFields(file: Uint8Array, fileTag: number, specs: readonly FieldSpec[], what: string): FieldValues {
  return guarded(what, () => {
    const dg = outer(file, fileTag, what);
    const children = readTlvs(dg.value);
    const tagList = children.find((t) => t.tag === TAG_LIST);
    if (!tagList) throw malformed(what, 'tag list (5C) missing');
    parseTagList(tagList.value, what);
    const out: FieldValues = {};
    const set = (spec: FieldSpec, v: string | string[] | Uint8Array) => {
      if (out[spec.key] !== undefined) throw malformed(what, `tag ${spec.tag.toString(16)} present twice`);
      out[spec.key] = v;
    };
    for (const child of children) {
      if (child.tag === TAG_REPEATED) {
        const inner = readTlvs(child.value);
        const count = inner[0];
        if (!count || count.tag !== TAG_COUNT || count.value.length !== 1) throw malformed(what, 'A0 template without count');
        const items = inner.slice(1);
        if (items.length !== count.value[0]) throw malformed(what, `A0 count ${count.value[0]} but ${items.length} items`);
        const itemTag = items[0]?.tag;
        const spec = specs.find((s) => s.kind === 'list' && s.tag === itemTag);
        if (itemTag === undefined) continue;
        if (!spec || items.some((i) => i.tag !== itemTag)) throw malformed(what, 'A0 template holds unexpected tags');
        set(spec, items.map((i) => utf8Text(i.value, what)));
        continue;
      }
      const spec = specs.find((s) => s.tag === child.tag);
      if (!spec) continue; // unknown or proprietary elements are skipped, as the LDS allows for future tags
      if (spec.kind === 'list') {
        // Some issuers put repeated names directly in the template, without A0.
        const prev = out[spec.key];
        out[spec.key] = [...(Array.isArray(prev) ? prev : []), utf8Text(child.value, what)];
        continue;
      }
      set(spec, decodeValue(spec, child.value, what));
    }
    return out;
  });
}

function encodeValue(spec: FieldSpec, v: string | Uint8Array, what: string): Uint8Array {
  if (v instanceof Uint8Array) {
    if (spec.kind !== 'binary') throw malformed(what, `cannot encode bytes for tag ${spec.tag.toString(16)}`);
    return v;
  }
  if (spec.kind === 'binary') throw malformed(what, `cannot encode text for tag ${spec.tag.toString(16)}`);
  return new TextEncoder().encode(v);
}

export function encodeDetailFields(fileTag: number, specs: readonly FieldSpec[], values: FieldValues, what: string): Uint8Array {
  const tags: number[] = [];
  const elements: Uint8Array[] = [];
  for (const spec of specs) {
    const v = values[spec.key];
    if (v === undefined) continue;
    if (spec.kind === 'list') {
      if (!Array.isArray(v)) throw malformed(what, `${spec.key} must be a list`);
      if (v.length === 0) continue;
      if (v.length > 0xff) throw new MrtdError('LDS_MALFORMED', `${what}: cannot encode ${v.length} ${spec.key}`);
      const items = v.map((s) => encodeTlv(spec.tag, new TextEncoder().encode(s)));
      elements.push(encodeTlv(TAG_REPEATED, encodeTlv(TAG_COUNT, Uint8Array.of(v.length)), ...items));
    } else {
      if (Array.isArray(v)) throw malformed(what, `${spec.key} must not be a list`);
      elements.push(encodeTlv(spec.tag, encodeValue(spec, v, what)));
    }
    tags.push(spec.tag);
  }
  return encodeTlv(fileTag, encodeTlv(TAG_LIST, concat(...tags.map(encodeTag))), ...elements);
}
