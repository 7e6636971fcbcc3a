/** The code display and code reader authenticator: TOTP devices from PSKC seed files. */
export { hotp, totp, totpAtStep, timeStep, checkTotp, codesEqual, DEFAULT_TOTP, OTP_HASHES } from './totp.js';
export type { OtpHash, TotpParams, TotpState, TotpVerdict } from './totp.js';
export { parsePskc, PSKC_NS, HOTP_URI, TOTP_URI, type PskcKey, type PskcOptions, type PskcPolicy } from './pskc.js';
export { writePskc, type PskcDeviceKey, type PskcEncryption } from './pskc-write.js';
export { createSoftwareToken, codeAt, type SoftwareToken, type SoftwareTokenOptions } from './software-token.js';
export { importTokens, importPskcFile, type ImportReport, type ImportOptions, type RefusalReason } from './token-import.js';
export { activateToken, attemptTokenActivation, verifyTokenCode, type TokenAttempt, type ActivateTokenInput, type VerifyTokenCodeInput, type CodeAccepted } from './activation.js';
export { getToken, listTokens, reinstateToken, revokeToken } from './stock.js';
export { placeOrder, placeOrderIn, markOrderSent, getOrder, listOrders, type DeliveryAddress, type TokenOrder, type OrderStatus, type PlaceOrderInput } from './orders.js';
export { exportOrders, formatOrders, type ExportFormat } from './orders-export.js';
export { refusal as codeRefusal } from './code-attempt.js';
export { MAX_WRONG_CODES, TOKEN_KINDS, normaliseSerial, type TokenDeps, type TokenDevice, type TokenKind, type TokenStatus } from './token-store.js';
