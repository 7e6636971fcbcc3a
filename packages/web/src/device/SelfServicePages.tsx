/**
 * Self-service in the app ('#/app/settings'): opened with the PIN (key and PIN proven
 * together, SelfServiceClient.withApp), then the person's authenticators with removal, a new
 * PIN, a new password, and blocking the identity after a confirmation. The server decides
 * every step; the page only asks.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { SelfServiceClient, type PinOptions } from '@openmitid/app';
import type { AuthenticatorSummary } from '@openmitid/api';
import { useI18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Field } from '../ui/Field.js';
import { Actions } from '../ui/Actions.js';
import { deviceStore } from '../activation/device-store.js';
import { DeviceErrorMessage } from './DeviceErrorMessage.js';
import { codeOf } from './ApprovalScreen.js';
import type { DeviceContext } from './DevicePages.js';

type Page = 'unlock' | 'menu' | 'pin' | 'password' | 'block' | 'blocked' | { remove: AuthenticatorSummary };

const KIND_LABEL: Record<AuthenticatorSummary['kind'], MessageKey> = {
  app: 'device.kind.app',
  'code-display': 'device.kind.codeDisplay',
  'code-reader': 'device.kind.codeReader',
  password: 'device.kind.password',
};

/** Runs one server call with busy/error state; returns true when it succeeded. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run(work: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      return true;
    } catch (e) {
      setError(codeOf(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}

function Frame({ title, error, busy, children }: { title: string; error: string | undefined; busy: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <ScreenFrame title={title}>
      <DeviceErrorMessage code={error} />
      {children}
      <p className="visually-hidden" role="status">
        {busy ? t('device.busy') : ''}
      </p>
    </ScreenFrame>
  );
}

function Unlock({ apiBaseUrl, pin: pinOptions, onOpen }: { apiBaseUrl: string; pin?: PinOptions; onOpen: (c: SelfServiceClient) => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [pin, setPin] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const app = await deviceStore().mitIdApp(apiBaseUrl, pinOptions);
      if (!app) throw Object.assign(new Error('no app'), { code: 'KEY_NOT_FOUND' });
      onOpen(await SelfServiceClient.withApp(app, pin, { baseUrl: apiBaseUrl, ...(pinOptions ? { pin: pinOptions } : {}) }));
    });
    setPin('');
  }
  return (
    <Frame title={t('device.self.title')} error={error} busy={busy}>
      <p>{t('device.self.unlock')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id="self-pin" label={t('device.pin.label')} hint={t('device.pin.hint')} type="password" inputMode="numeric" autoComplete="off" maxLength={6} required value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />
        <Actions busy={busy} onBack={() => (globalThis.location.hash = '#/app')}>
          <button type="submit" disabled={busy || pin.length !== 6}>
            {t('device.self.open')}
          </button>
        </Actions>
      </form>
    </Frame>
  );
}

function Menu({ client, onPage, notice }: { client: SelfServiceClient; onPage: (p: Page) => void; notice: string | undefined }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [list, setList] = useState<AuthenticatorSummary[]>();
  useEffect(() => {
    void run(async () => setList(await client.list()));
  }, [client]);
  return (
    <Frame title={t('device.self.title')} error={error} busy={busy}>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <h2>{t('device.self.list')}</h2>
      <ul className="authenticator-list">
        {(list ?? []).map((a) => (
          <li key={`${a.kind}:${a.id}`} data-kind={a.kind}>
            <span>
              {t(KIND_LABEL[a.kind])}
              {a.kind === 'password' ? '' : ` ${a.id.slice(0, 8)}`}
              {a.current ? ` (${t('device.self.current')})` : ''}
            </span>
            {a.kind !== 'password' ? (
              <button type="button" className="secondary" onClick={() => onPage({ remove: a })} aria-label={t('device.self.removeOne', { what: `${t(KIND_LABEL[a.kind])} ${a.id.slice(0, 8)}` })}>
                {t('device.self.remove')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t('device.self.actions')}</h2>
      <div className="actions">
        <button type="button" onClick={() => onPage('pin')}>
          {t('device.self.changePin')}
        </button>
        <button type="button" onClick={() => onPage('password')}>
          {t('device.self.changePassword')}
        </button>
        <button type="button" className="danger" onClick={() => onPage('block')}>
          {t('device.self.block')}
        </button>
      </div>
      <p>
        <a href="#/app">{t('device.self.home')}</a>
      </p>
    </Frame>
  );
}

function ChangePin({ client, onDone, onBack }: { client: SelfServiceClient; onDone: () => void; onBack: () => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [pin, setPin] = useState({ first: '', again: '' });
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await run(() => client.changePin(pin.first, pin.again))) onDone();
    else setPin({ first: '', again: '' });
  }
  const digits = (v: string) => v.replace(/\D/g, '');
  return (
    <Frame title={t('device.self.changePin')} error={error} busy={busy}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id="new-pin" label={t('device.self.newPin')} hint={t('device.pin.hint')} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} required value={pin.first} onChange={(e) => setPin({ ...pin, first: digits(e.target.value) })} />
        <Field id="new-pin-again" label={t('device.self.newPinAgain')} type="password" inputMode="numeric" autoComplete="new-password" maxLength={6} required value={pin.again} onChange={(e) => setPin({ ...pin, again: digits(e.target.value) })} />
        <Actions busy={busy} onBack={onBack}>
          <button type="submit" disabled={busy}>
            {t('device.self.save')}
          </button>
        </Actions>
      </form>
    </Frame>
  );
}

function ChangePassword({ client, onDone, onBack }: { client: SelfServiceClient; onDone: () => void; onBack: () => void }) {
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [v, setV] = useState({ old: '', next: '', again: '' });
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await run(() => client.changePassword(v.old, v.next, v.again))) onDone();
  }
  return (
    <Frame title={t('device.self.changePassword')} error={error} busy={busy}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field id="old-password" label={t('device.self.oldPassword')} type="password" autoComplete="current-password" required value={v.old} onChange={(e) => setV({ ...v, old: e.target.value })} />
        <Field id="new-password" label={t('device.self.newPassword')} type="password" autoComplete="new-password" required value={v.next} onChange={(e) => setV({ ...v, next: e.target.value })} />
        <Field id="new-password-again" label={t('device.self.newPasswordAgain')} type="password" autoComplete="new-password" required value={v.again} onChange={(e) => setV({ ...v, again: e.target.value })} />
        <Actions busy={busy} onBack={onBack}>
          <button type="submit" disabled={busy}>
            {t('device.self.save')}
          </button>
        </Actions>
      </form>
    </Frame>
  );
}

function Confirm({ title, text, confirm, error, busy, onConfirm, onBack }: { title: string; text: string; confirm: string; error: string | undefined; busy: boolean; onConfirm: () => void; onBack: () => void }) {
  const { t } = useI18n();
  return (
    <Frame title={title} error={error} busy={busy}>
      <p>{text}</p>
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm} disabled={busy}>
          {confirm}
        </button>
        <button type="button" className="secondary" onClick={onBack} disabled={busy}>
          {t('device.self.cancel')}
        </button>
      </div>
    </Frame>
  );
}

export function SelfServicePages({ ctx }: { ctx: DeviceContext }) {
  const { t } = useI18n();
  const [client, setClient] = useState<SelfServiceClient>();
  const [page, setPage] = useState<Page>('unlock');
  const [notice, setNotice] = useState<string>();
  const action = useAction();
  const toMenu = (message?: string) => {
    setNotice(message);
    setPage('menu');
  };

  if (!client || page === 'unlock')
    return (
      <Unlock
        apiBaseUrl={ctx.apiBaseUrl}
        onOpen={(c) => {
          setClient(c);
          toMenu();
        }}
      />
    );
  if (page === 'menu') return <Menu client={client} onPage={setPage} notice={notice} />;
  if (page === 'pin') return <ChangePin client={client} onDone={() => toMenu(t('device.self.pinChanged'))} onBack={() => toMenu()} />;
  if (page === 'password') return <ChangePassword client={client} onDone={() => toMenu(t('device.self.passwordChanged'))} onBack={() => toMenu()} />;
  if (page === 'block')
    return (
      <Confirm
        title={t('device.self.block.title')}
        text={t('device.self.block.text')}
        confirm={t('device.self.block.confirm')}
        error={action.error}
        busy={action.busy}
        onBack={() => toMenu()}
        onConfirm={() => void action.run(() => client.block()).then((ok) => ok && setPage('blocked'))}
      />
    );
  if (page === 'blocked')
    return (
      <ScreenFrame title={t('device.self.blocked.title')}>
        <p data-outcome="blocked">{t('device.self.blocked.text')}</p>
      </ScreenFrame>
    );
  const target = page.remove;
  const what = `${t(KIND_LABEL[target.kind])} ${target.id.slice(0, 8)}`;
  return (
    <Confirm
      title={t('device.self.remove.title')}
      text={t(target.current ? 'device.self.remove.current' : 'device.self.remove.text', { what })}
      confirm={t('device.self.remove.confirm')}
      error={action.error}
      busy={action.busy}
      onBack={() => toMenu()}
      onConfirm={() =>
        void action
          .run(async () => {
            await client.remove({ kind: target.kind, id: target.id });
            // this device's own app is gone: forget its key, the home then offers activation
            if (target.current && target.kind === 'app') await deviceStore().forgetApp();
          })
          .then((ok) => {
            if (!ok) return;
            if (target.current && target.kind === 'app') {
              globalThis.location.hash = '#/app';
              globalThis.location.reload();
            }
            else toMenu(t('device.self.removed', { what }));
          })
      }
    />
  );
}
