/** X.509 distinguished names as the ICAO PKI uses them (Doc 9303 Part 12 §7.1.1: C is mandatory). */
import { AttributeTypeAndValue, AttributeValue, Name as AsnName, RelativeDistinguishedName } from '@peculiar/asn1-x509';
import { bytesOf } from './der.js';
import { hex } from '../bytes.js';

export interface Name {
  /** ISO 3166 alpha-2 country code */
  C: string;
  O?: string;
  OU?: string;
  CN: string;
  serialNumber?: string;
}

const SHORT_BY_OID: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};
const OID_BY_SHORT = new Map(Object.entries(SHORT_BY_OID).map(([oid, short]) => [short, oid]));

// C and serialNumber are PrintableString by definition (RFC 5280 Appendix A); the rest UTF8String.
const PRINTABLE = new Set(['C', 'serialNumber']);
const ORDER = ['C', 'O', 'OU', 'serialNumber', 'CN'] as const;

export function toAsnName(name: Name): AsnName {
  const rdns: RelativeDistinguishedName[] = [];
  for (const key of ORDER) {
    const value = name[key];
    if (value === undefined || value === '') continue;
    const oid = OID_BY_SHORT.get(key)!;
    const v = PRINTABLE.has(key) ? new AttributeValue({ printableString: value }) : new AttributeValue({ utf8String: value });
    rdns.push(new RelativeDistinguishedName([new AttributeTypeAndValue({ type: oid, value: v })]));
  }
  return new AsnName(rdns);
}

function valueText(v: AttributeValue): string {
  if (v.anyValue) return `#${hex(bytesOf(v.anyValue))}`;
  return v.toString();
}

export interface ParsedName {
  name: Name & Record<string, string>;
  /** one line, in encoded order: `C=DK, O=…, CN=…` (RFC 4514 escaping of , + = \ " < > ;) */
  text: string;
}

export function fromAsnName(asn: AsnName): ParsedName {
  const name: Record<string, string> = { C: '', CN: '' };
  const parts: string[] = [];
  for (const rdn of asn) {
    for (const atv of rdn) {
      const key = SHORT_BY_OID[atv.type] ?? atv.type;
      const value = valueText(atv.value);
      // a repeated attribute (two OUs) keeps its first value in the record; the text has them all
      if (!(key in name) || name[key] === '') name[key] = value;
      parts.push(`${key}=${value.replace(/([,+=\\"<>;])/g, '\\$1')}`);
    }
  }
  return { name: name as Name & Record<string, string>, text: parts.join(', ') };
}

/** Names compared the way a person would: case and runs of white space do not matter. */
export function sameNameText(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}
