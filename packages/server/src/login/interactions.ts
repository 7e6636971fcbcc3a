/**
 * The seam between the provider and the login pages: what an interaction asks for, and how a
 * login (or a refusal) is handed back to the provider.
 *
 * The approval decides the login, not the browser: the app approves on another device, and
 * the login page only waits. So a login is finished by the interaction's uid on the server
 * (the same thing `provider.interactionResult` does, minus its cookie check, which needs the
 * browser's request); the browser then follows `returnTo`, and the provider's resume cookie
 * still binds the result to the browser that started the request.
 *
 * Approving also grants the requested scopes: the approval screen shows the service and what
 * it asks for, so there is no separate consent step.
 */
import type Provider from 'oidc-provider';
import type { Kysely } from 'kysely';
import type { Database } from '../infra/db/index.js';
import type { Clock } from '../infra/clock.js';
import type { AuditLog } from '../infra/audit/index.js';
import type { ClientRegistry } from './clients.js';
import type { AccountSource, AmrValue, NsisLevel } from './claims.js';
import { isAmrValue, isNsisLevel, SCOPE_CLAIMS } from './claims.js';
import { LoginError } from './errors.js';

export interface LoginResult {
  /** the identity id */
  accountId: string;
  acr: NsisLevel;
  amr: AmrValue[];
}

/** What a login page needs to show for an interaction. */
export interface InteractionView {
  uid: string;
  clientId: string;
  /** the service's registered name, for the approval screen */
  clientName?: string;
  /** 'login' or 'consent' */
  prompt: string;
  scopes: string[];
  /** the levels the service asked for (acr_values), best first */
  acrValues: string[];
  loginHint?: string;
  /** the service's transaction text (authorization parameter openmitid_text), for the approval */
  text?: string;
  /** epoch seconds */
  expiresAt: number;
}

export interface InteractionFinisher {
  details(uid: string): Promise<InteractionView>;
  /** Records a successful login; returns the URL the browser continues at. Refused once the interaction has a result. */
  finishLogin(uid: string, result: LoginResult): Promise<string>;
  /** Records a refusal (denied approval, blocked identity): the service receives `access_denied`. Final. */
  abort(uid: string, description: string): Promise<string>;
}

export interface InteractionFinisherOptions {
  /**
   * Where the first outcome of an interaction is claimed atomically, so an approval and a
   * denial racing from two devices cannot both count. Without it the check is best effort.
   */
  outcomes?: { db: Kysely<Database> };
  /** names the service in `details` */
  clients?: ClientRegistry;
  /** every login and refusal goes into the audit log */
  audit?: { log: AuditLog; db: Kysely<Database>; clock: Clock };
}

const levelName = (acr: string): string => acr.slice(acr.lastIndexOf('/') + 1);

const KNOWN_SCOPES = new Set(Object.keys(SCOPE_CLAIMS));
/** a row kind of our own in oidc-provider's table: no oidc-provider model has this name */
const OUTCOME_MODEL = 'OpenMitIdInteractionOutcome';

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `provider` is a getter because the provider is rebuilt when keys rotate. */
export function createInteractionFinisher(provider: () => Provider, accounts: AccountSource, options: InteractionFinisherOptions = {}): InteractionFinisher {
  async function load(uid: string) {
    const interaction = await provider().Interaction.find(uid);
    if (!interaction) throw new LoginError('OIDC_INTERACTION_NOT_FOUND', 'no such login interaction, or it expired');
    return interaction;
  }

  /** A result once given stands: a denial cannot be turned into an approval, nor one login into another. */
  async function claimOutcome(uid: string) {
    const interaction = await load(uid);
    const finished = (): never => {
      throw new LoginError('OIDC_INTERACTION_FINISHED', 'this login already has an outcome');
    };
    if (interaction.result) finished();
    if (options.outcomes) {
      // the primary key (model, id) lets exactly one insert through
      const r = await options.outcomes.db
        .insertInto('oidc_payloads')
        .values({
          model: OUTCOME_MODEL,
          id: uid,
          payload: '{}',
          grant_id: null,
          user_code: null,
          uid: null,
          expires_at: new Date(interaction.exp * 1000).toISOString(),
          consumed_at: null,
        })
        .onConflict((oc) => oc.columns(['model', 'id']).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) finished();
    }
    return interaction;
  }

  async function audit(event: Parameters<AuditLog['append']>[1]): Promise<void> {
    if (options.audit) await options.audit.log.append(options.audit.db, event, options.audit.clock.now());
  }

  return {
    async details(uid) {
      const i = await load(uid);
      const clientId = String(i.params.client_id);
      const client = await options.clients?.get(clientId);
      return {
        uid: i.uid,
        clientId,
        ...(client ? { clientName: client.name } : {}),
        prompt: i.prompt.name,
        scopes: (str(i.params.scope) ?? '').split(' ').filter((s) => s !== ''),
        acrValues: (str(i.params.acr_values) ?? '').split(' ').filter((s) => s !== ''),
        ...(str(i.params.login_hint) ? { loginHint: str(i.params.login_hint)! } : {}),
        ...(str(i.params.openmitid_text) ? { text: str(i.params.openmitid_text)! } : {}),
        expiresAt: i.exp,
      };
    },

    async finishLogin(uid, result) {
      if (!isNsisLevel(result.acr)) throw new LoginError('OIDC_LOGIN_INVALID', 'acr must be an NSIS level');
      if (result.amr.length === 0 || !result.amr.every(isAmrValue)) throw new LoginError('OIDC_LOGIN_INVALID', 'amr must name the methods used');
      if (!(await accounts.find(result.accountId))) throw new LoginError('OIDC_LOGIN_INVALID', 'the identity does not exist or may not log in');
      const i = await claimOutcome(uid);
      const p = provider();
      const clientId = String(i.params.client_id);
      // the same person at the same service keeps one grant, widened to what this request asks
      const existing = i.grantId && i.session?.accountId === result.accountId ? await p.Grant.find(i.grantId) : undefined;
      const grant = existing ?? new p.Grant({ accountId: result.accountId, clientId });
      const scopes = (str(i.params.scope) ?? '').split(' ').filter((s) => KNOWN_SCOPES.has(s));
      grant.addOIDCScope(scopes.join(' '));
      const grantId = await grant.save();
      i.result = {
        login: { accountId: result.accountId, acr: result.acr, amr: [...result.amr], remember: false },
        consent: { grantId },
      };
      await i.persist();
      await audit({
        type: 'login.approved',
        outcome: 'ok',
        identityId: result.accountId,
        details: { clientId, acr: levelName(result.acr), amr: result.amr.join(' ') },
      });
      return i.returnTo;
    },

    async abort(uid, description) {
      const i = await claimOutcome(uid);
      i.result = { error: 'access_denied', error_description: description };
      await i.persist();
      await audit({ type: 'login.refused', outcome: 'refused', code: 'ACCESS_DENIED', details: { clientId: String(i.params.client_id) } });
      return i.returnTo;
    },
  };
}
