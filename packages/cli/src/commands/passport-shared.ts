import { TrustStore, type DocumentVerdict } from '@openmitid/mrtd';

export async function loadTrust(paths: string[] | undefined): Promise<TrustStore> {
  return paths?.length ? TrustStore.fromFiles(paths) : new TrustStore();
}

export function verdictLines(v: DocumentVerdict): string[] {
  const lines = [
    `verdict: ${v.genuine ? 'GENUINE' : 'REFUSED'}`,
    `  passive authentication: ${v.passive.valid ? 'passed' : 'failed'} (data groups checked: ${v.passive.checkedDataGroups.join(', ') || 'none'})`,
    `  active authentication: ${v.activeAuthentication}`,
    `  DG1 equals the MRZ: ${v.dg1MatchesMrz ? 'yes' : 'no'}`,
  ];
  for (const e of v.errors) lines.push(`  error ${e.code}: ${e.message}`);
  return lines;
}

export function verdictJson(v: DocumentVerdict) {
  return {
    genuine: v.genuine,
    errors: v.errors,
    passiveAuthentication: {
      valid: v.passive.valid,
      hashAlgorithm: v.passive.hashAlgorithm,
      checkedDataGroups: v.passive.checkedDataGroups,
      signingTime: v.passive.signingTime?.toISOString(),
      signer: v.passive.signer?.subjectText,
      csca: v.passive.csca?.subjectText,
    },
    activeAuthentication: v.activeAuthentication,
    dg1MatchesMrz: v.dg1MatchesMrz,
  };
}
