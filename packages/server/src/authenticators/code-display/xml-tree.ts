/**
 * A small namespace-aware element tree over fast-xml-parser, enough to read PSKC: each
 * element carries its namespace URI (prefixes resolved through xmlns declarations), so a
 * file may use any prefixes it likes.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApiError } from '../../errors.js';

export interface XmlElement {
  ns: string;
  name: string;
  /** attributes by local name (namespace-qualified attributes are not used by PSKC) */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** the element's own text content, trimmed */
  text: string;
}

type Raw = Record<string, unknown>;

const MAX_BYTES = 16 * 1024 * 1024;

function malformed(message: string): never {
  throw new ApiError('PSKC_MALFORMED', message);
}

function splitName(qname: string): { prefix: string; local: string } {
  const i = qname.indexOf(':');
  return i < 0 ? { prefix: '', local: qname } : { prefix: qname.slice(0, i), local: qname.slice(i + 1) };
}

function build(node: Raw, scope: ReadonlyMap<string, string>): XmlElement | undefined {
  const tag = Object.keys(node).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text' || tag.startsWith('?')) return undefined;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  let local = scope;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') (local = new Map(local)).set('', v);
    else if (k.startsWith('xmlns:')) (local = new Map(local)).set(k.slice(6), v);
    else attrs[splitName(k).local] = String(v);
  }
  const { prefix, local: name } = splitName(tag);
  const ns = local.get(prefix);
  if (ns === undefined && prefix !== '') malformed(`undeclared namespace prefix ${prefix}`);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[tag] ?? []) as Raw[]) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const el = build(child, local);
      if (el) children.push(el);
    }
  }
  return { ns: ns ?? '', name, attrs, children, text: text.trim() };
}

/** Parses a whole document into its root element; anything that is not well-formed XML is PSKC_MALFORMED. */
export function parseXml(xml: string): XmlElement {
  if (xml.length > MAX_BYTES) malformed('document too large');
  // PSKC needs no DTD; refusing it closes the door on entity expansion and external entities
  if (/<!DOCTYPE/i.test(xml)) malformed('a DOCTYPE is not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) malformed(`not well-formed XML (line ${valid.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    htmlEntities: false,
  });
  let nodes: Raw[];
  try {
    nodes = parser.parse(xml) as Raw[];
  } catch {
    return malformed('not well-formed XML');
  }
  const roots = nodes.map((n) => build(n, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]))).filter((e) => e !== undefined);
  if (roots.length !== 1) malformed('a document has exactly one root element');
  return roots[0]!;
}

export function childrenOf(el: XmlElement, ns: string, name: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.name === name);
}

export function childOf(el: XmlElement, ns: string, name: string): XmlElement | undefined {
  const found = childrenOf(el, ns, name);
  if (found.length > 1) malformed(`more than one ${name} in ${el.name}`);
  return found[0];
}

export function requiredChild(el: XmlElement, ns: string, name: string): XmlElement {
  return childOf(el, ns, name) ?? malformed(`${el.name} has no ${name}`);
}
