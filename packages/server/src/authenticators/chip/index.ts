/** The chip: a FIDO security key over WebAuthn (issue 4 §5), always used together with the password. */
export { chipSettings, chipSettingsFromPublicUrl, CHIP_DEFAULTS, ATTESTATION_FORMATS, type ChipSettings, type AttestationFormatName } from './settings.js';
export { listChips, removeChip, reinstateChip, toCredential, type ChipDeps, type FidoCredential, type FidoStatus } from './credentials.js';
export { startChipRegistration, finishChipRegistration, registerChipIn, CHIP_ALGORITHMS, type RegistrationStarted, type FinishChipRegistrationInput, type ChipRegistrationVerdict } from './registration.js';
export { startChipAuthentication, finishChipAuthentication, type AuthenticationStarted, type FinishChipAuthenticationInput, type ChipVerified } from './authentication.js';
export { purgeExpiredCeremonies, CHALLENGE_BYTES, type Ceremony, type CeremonyKind } from './ceremonies.js';
export { chipKind } from './kind.js';
export { activateChip, type ActivateChipInput } from './activation.js';
