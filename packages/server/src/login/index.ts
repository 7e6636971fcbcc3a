export { createLoginService, mountPathOf, type LoginService, type LoginServiceOptions } from './service.js';
export { loginRoutes } from './routes.js';
export { registerLogin, type LoginDeps, type MountedLogin } from './plugin.js';
export { createIdentityAccounts, birthdateFromMrz, type IdentityAccounts, type IdentityStatus, type LoginIdentity } from './identity-accounts.js';
export { interactionRoutes, type InteractionRouteDeps } from './interaction-routes.js';
export { createApprovals, DEFAULT_APPROVAL_SETTINGS, type Approvals, type ApprovalDeps, type ApprovalSettings, type ApprovalStatusView } from './approval/approvals.js';
export { createApprovalHub, type ApprovalHub } from './approval/hub.js';
export { createRedisApprovalHub, type RedisApprovalHub } from './approval/redis-hub.js';
export { createWebPushNotifier, generateVapidKeys, type VapidKeys, type PushResult } from './approval/web-push.js';
export { startDemoServiceProvider, startDemoServiceProviderFor, type DemoServiceProvider, type DemoServiceProviderOptions } from './demo-sp.js';
export { qrContent, linkProof, checkProof, QR_MAX_AGE_SECONDS } from './approval/qr.js';
export { LOGIN_SETTINGS, loadLoginSettings, issuerOf, type LoginSettings } from './settings.js';
export { createOidcProvider, DEFAULT_LOGIN_TTL, INTERACTION_PATH, type LoginTtl, type OidcProviderOptions } from './provider.js';
export { createClientRegistry, clientAdapter, type ClientRegistry, type ClientRegistryDeps, type NewClient, type RegisteredClient, type SubjectType } from './clients.js';
export { createInteractionFinisher, type InteractionFinisher, type InteractionView, type LoginResult } from './interactions.js';
export {
  ensureProviderKeys,
  liveKeyIds,
  loadProviderKeys,
  publishedJwks,
  rotateSigningKeys,
  rotateCookieKeys,
  deleteRetiredKeys,
  DEFAULT_KEY_RETENTION_SECONDS,
  SIGNING_ALGS,
  type KeyStoreDeps,
  type ProviderKeys,
  type SigningAlg,
} from './keys.js';
export { DbAdapter, purgeExpiredOidcPayloads } from './storage-adapter.js';
export { pairwiseSubject } from './pairwise.js';
export * from './claims.js';
export { LoginError, type LoginErrorCode } from './errors.js';
