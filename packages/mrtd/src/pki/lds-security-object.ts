/**
 * The LDS Security Object, the content the SOD signs (ICAO Doc 9303 Part 10 §4.6.2.2):
 *
 *   LDSSecurityObject ::= SEQUENCE {
 *     version LDSSecurityObjectVersion,            -- v0, or v1 when ldsVersionInfo is present
 *     hashAlgorithm DigestAlgorithmIdentifier,
 *     dataGroupHashValues SEQUENCE SIZE (2..ub-DataGroups) OF DataGroupHash,
 *     ldsVersionInfo LDSVersionInfo OPTIONAL }
 *   DataGroupHash ::= SEQUENCE { dataGroupNumber DataGroupNumber, dataGroupHashValue OCTET STRING }
 *   LDSVersionInfo ::= SEQUENCE { ldsVersion PrintableString, unicodeVersion PrintableString }
 */
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

export const ID_LDS_SECURITY_OBJECT = '2.23.136.1.1.1';

export class DataGroupHash {
  dataGroupNumber = 0;
  dataGroupHashValue = new OctetString();
  constructor(params: Partial<DataGroupHash> = {}) {
    Object.assign(this, params);
  }
}

export class LdsVersionInfo {
  ldsVersion = '';
  unicodeVersion = '';
  constructor(params: Partial<LdsVersionInfo> = {}) {
    Object.assign(this, params);
  }
}

export class LdsSecurityObject {
  version = 0;
  hashAlgorithm = new AlgorithmIdentifier();
  dataGroupHashValues: DataGroupHash[] = [];
  ldsVersionInfo?: LdsVersionInfo;
  constructor(params: Partial<LdsSecurityObject> = {}) {
    Object.assign(this, params);
  }
}

// The schema is attached by calling the decorator functions directly, so no decorator transform is needed.
AsnProp({ type: AsnPropTypes.Integer })(DataGroupHash.prototype, 'dataGroupNumber');
AsnProp({ type: OctetString })(DataGroupHash.prototype, 'dataGroupHashValue');
AsnProp({ type: AsnPropTypes.PrintableString })(LdsVersionInfo.prototype, 'ldsVersion');
AsnProp({ type: AsnPropTypes.PrintableString })(LdsVersionInfo.prototype, 'unicodeVersion');
AsnProp({ type: AsnPropTypes.Integer })(LdsSecurityObject.prototype, 'version');
AsnProp({ type: AlgorithmIdentifier })(LdsSecurityObject.prototype, 'hashAlgorithm');
AsnProp({ type: DataGroupHash, repeated: 'sequence' })(LdsSecurityObject.prototype, 'dataGroupHashValues');
AsnProp({ type: LdsVersionInfo, optional: true })(LdsSecurityObject.prototype, 'ldsVersionInfo');
