/** Trin 4 del 1: "Indtast bruger-ID", each rule ticked off while typing, then availability. */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.js';
import { checkUserId, USER_ID_MAX, USER_ID_MIN, USER_ID_RULES, USER_ID_SYMBOLS, type UserIdRule } from '../enrolment/user-id-rules.js';
import type { MessageKey } from '../i18n/catalogue.js';
import { ScreenFrame } from '../ui/ScreenFrame.js';
import { Actions } from '../ui/Actions.js';
import type { ScreenProps } from './screen-props.js';

const RULE_TEXT: Record<UserIdRule, MessageKey> = {
  length: 'userId.rule.length',
  characters: 'userId.rule.characters',
  edgeSpace: 'userId.rule.edgeSpace',
  digitRun: 'userId.rule.digitRun',
};

/** Wait this long after the last keystroke before asking the server, so typing is not a query per letter. */
const AVAILABILITY_DELAY_MS = 400;

type Availability = 'unknown' | 'checking' | 'available' | 'taken';

export function UserIdScreen({ state, controller }: ScreenProps) {
  const { t } = useI18n();
  const [userId, setUserId] = useState('');
  const [availability, setAvailability] = useState<Availability>('unknown');
  const rules = checkUserId(userId);
  const allMet = USER_ID_RULES.every((r) => rules[r]);

  useEffect(() => {
    if (!allMet) {
      setAvailability('unknown');
      return;
    }
    let current = true;
    setAvailability('checking');
    const timer = setTimeout(() => {
      void controller.isUserIdAvailable(userId).then((free) => {
        if (current) setAvailability(free === undefined ? 'unknown' : free ? 'available' : 'taken');
      });
    }, AVAILABILITY_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [userId, allMet, controller]);

  const canSubmit = allMet && availability !== 'taken' && availability !== 'checking' && !state.busy;
  return (
    <ScreenFrame title={t('userId.title')}>
      <p>{t('userId.intro')}</p>
      <p>{t('userId.private')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (canSubmit) void controller.chooseUserId(userId);
        }}
      >
        <div className="field">
          <label htmlFor="user-id">{t('userId.label')}</label>
          <input
            id="user-id"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            aria-describedby="user-id-rules user-id-availability"
            aria-invalid={userId.length > 0 && !allMet ? true : undefined}
          />
        </div>
        <div id="user-id-rules">
          <h2 className="small-heading">{t('userId.rules')}</h2>
          <ul className="rules">
            {USER_ID_RULES.map((rule) => (
              <li key={rule} className={rules[rule] ? 'rule rule-met' : 'rule'} data-rule={rule} data-met={rules[rule]}>
                <span aria-hidden="true" className="rule-mark">
                  {rules[rule] ? '✓' : '•'}
                </span>
                {t(RULE_TEXT[rule], { min: USER_ID_MIN, max: USER_ID_MAX, symbols: USER_ID_SYMBOLS })}
                <span className="visually-hidden">: {rules[rule] ? t('userId.rule.met') : t('userId.rule.notMet')}</span>
              </li>
            ))}
          </ul>
        </div>
        <p id="user-id-availability" role="status" aria-live="polite" data-availability={availability}>
          {availability === 'checking' ? t('userId.checking') : availability === 'available' ? t('userId.available') : availability === 'taken' ? t('userId.taken') : ''}
        </p>
        <Actions>
          <button type="submit" className={canSubmit ? undefined : 'inactive'} aria-disabled={!canSubmit}>
            {t('common.next')}
          </button>
        </Actions>
      </form>
    </ScreenFrame>
  );
}
