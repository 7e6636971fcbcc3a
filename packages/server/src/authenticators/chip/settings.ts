/**
 * Chip (FIDO security key) settings. The relying party id and origins bind every credential
 * to this service: a key registered here signs nothing a phishing site can reuse, because the
 * browser writes the real origin into what the key signs and the key hashes the rp id in.
 */
export type AttestationFormatName = 'none' | 'packed' | 'fido-u2f';
export const ATTESTATION_FORMATS: readonly AttestationFormatName[] = ['none', 'packed', 'fido-u2f'];

export interface ChipSettings {
  /** the WebAuthn relying party id: the service's registrable domain, e.g. `mitid.example.dk` */
  rpId: string;
  /** shown by the browser when the key is registered */
  rpName: string;
  /** exact origins the ceremonies may run on, e.g. `https://mitid.example.dk` */
  origins: string[];
  /** lifetime of a registration or login ceremony (default 300) */
  ceremonySeconds: number;
  /** 'direct' asks the key for its attestation (model certificate); 'none' does not (default 'direct') */
  attestation: 'direct' | 'none';
  /** attestation statement formats accepted (default none, packed, fido-u2f) */
  formats: readonly AttestationFormatName[];
  /**
   * DER certificates of the attestation CAs whose keys are accepted (attestation-trust.ts).
   * Empty (default): any key model; set: only keys with a certificate chain to one of them.
   */
  attestationRoots: readonly Uint8Array[];
}

export const CHIP_DEFAULTS = {
  rpName: 'OpenMitID',
  ceremonySeconds: 300,
  attestation: 'direct',
  formats: ATTESTATION_FORMATS,
  attestationRoots: [],
} as const satisfies Omit<ChipSettings, 'rpId' | 'origins'>;

export function chipSettings(site: Pick<ChipSettings, 'rpId' | 'origins'>, overrides: Partial<ChipSettings> = {}): ChipSettings {
  const s: ChipSettings = { ...CHIP_DEFAULTS, ...site, ...overrides };
  if (!/^[a-z0-9.-]+$/.test(s.rpId) || s.rpId.startsWith('.') || s.rpId.endsWith('.')) throw new RangeError('rpId must be a host name');
  if (s.origins.length === 0) throw new RangeError('at least one origin');
  for (const o of s.origins) {
    const u = new URL(o);
    if (u.origin !== o) throw new RangeError(`an origin is scheme://host[:port] without a path: ${o}`);
    // WebAuthn §5.1.3: the rp id must be the origin's host or a registrable suffix of it
    if (u.hostname !== s.rpId && !u.hostname.endsWith(`.${s.rpId}`)) throw new RangeError(`origin ${o} is not within rpId ${s.rpId}`);
  }
  if (!Number.isInteger(s.ceremonySeconds) || s.ceremonySeconds < 30 || s.ceremonySeconds > 3600) throw new RangeError('ceremonySeconds must be 30 to 3600');
  if (s.attestationRoots.length > 0 && s.attestation !== 'direct') throw new RangeError("attestation roots need attestation 'direct'");
  if (s.formats.length === 0 || !s.formats.every((f) => ATTESTATION_FORMATS.includes(f))) throw new RangeError('formats must be among none, packed, fido-u2f');
  return s;
}

/** The settings for a service reached at `publicUrl` (config.ts publicUrl): rp id = its host, origin = its origin. */
export function chipSettingsFromPublicUrl(publicUrl: string, overrides: Partial<ChipSettings> = {}): ChipSettings {
  const u = new URL(publicUrl);
  return chipSettings({ rpId: u.hostname, origins: [u.origin] }, overrides);
}
