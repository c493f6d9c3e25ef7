import { Fragment, useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Empty, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { useSession } from '../../session';
import { AdminLayout, useLabel } from './admin-layout';
import { ApiProblem } from './api-problem';
import { fill, messages, ROLE_LABELS, ROLES, SEPARATED } from './messages';
import type { AccountView } from './types';

const isLocked = (a: AccountView) => !!a.lockedUntil && new Date(a.lockedUntil).getTime() > Date.now();
const localTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

/** The administrator creates an account without roles (the security officer assigns them). */
function CreateAccountForm({ onCreated }: { onCreated: (a: AccountView) => void }) {
  const t = useText(messages);
  const id = useId();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await api<AccountView>('/api/accounts', {
        body: { username: username.trim(), displayName: displayName.trim(), password },
      });
      setUsername('');
      setDisplayName('');
      setPassword('');
      onCreated(a);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('createAccount')}</h2>
      <div className="toolbar">
        <label>
          {t('username')}
          <input
            required
            autoComplete="off"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            pattern="[a-z][a-z0-9._\-]{1,31}"
          />
        </label>
        <label>
          {t('displayName')}
          <input required value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </label>
        <label>
          {t('password')}
          <input
            required
            type="password"
            autoComplete="new-password"
            minLength={10}
            value={password}
            aria-describedby={`${id}-pw`}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('creating') : t('create')}
        </button>
        <span id={`${id}-pw`} className="hint">
          {t('passwordHint')}
        </span>
      </div>
      {error ? <ApiProblem error={error} /> : null}
    </form>
  );
}

/** The security officer sets an account's roles and section (PUT /api/accounts/{id}/roles). */
function RolesEditor({
  account,
  sections,
  onSaved,
  onCancel,
}: {
  account: AccountView;
  sections: string[];
  onSaved: (a: AccountView) => void;
  onCancel: () => void;
}) {
  const t = useText(messages);
  const label = useLabel();
  const id = useId();
  const [roles, setRoles] = useState<string[]>(account.roles);
  const [section, setSection] = useState(account.section ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const toggle = (r: string) => setRoles((rs) => (rs.includes(r) ? rs.filter((x) => x !== r) : [...rs, r]));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await api<AccountView>(`/api/accounts/${account.id}/roles`, {
        method: 'PUT',
        body: { roles, section: section.trim() || null },
      });
      onSaved(a);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="roles-editor" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{fill(t('rolesFor'), { u: account.username })}</h3>
      {[
        { legend: t('dutyRoles'), roles: ROLES.filter((r) => SEPARATED.includes(r)) },
        { legend: t('workRoles'), roles: ROLES.filter((r) => !SEPARATED.includes(r)) },
      ].map((g) => (
        <fieldset key={g.legend}>
          <legend>{g.legend}</legend>
          <div className="role-grid">
            {g.roles.map((r) => (
              <label key={r} className="check">
                <input type="checkbox" checked={roles.includes(r)} onChange={() => toggle(r)} />
                {label(ROLE_LABELS, r)}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="toolbar">
        <label>
          {t('section')}
          <input
            value={section}
            list={`${id}-sections`}
            className="section-input"
            placeholder={t('sectionHint')}
            onChange={(e) => setSection(e.target.value)}
          />
          <datalist id={`${id}-sections`}>
            {sections.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
      <p className="hint">{t('rolesHint')}</p>
      {error ? <ApiProblem error={error} /> : null}
    </form>
  );
}

/** 账号与角色: what each of the three officers may do, and only that (三员分立). */
export function AccountsPage() {
  const t = useText(messages);
  const label = useLabel();
  const { me, can } = useSession();
  const { data, error, loading, reload } = useLoad(() => api<AccountView[]>('/api/accounts'), []);
  const [notice, setNotice] = useState<string | null>(null);
  const [password, setPassword] = useState<{ username: string; password: string } | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const may = {
    create: can('account.create'),
    reset: can('account.reset_password'),
    disable: can('account.disable'),
    assign: can('account.assign_roles'),
    unlock: can('account.unlock'),
  };
  const sections = [...new Set((data ?? []).map((a) => a.section).filter((s): s is string => !!s))].sort();

  const act = async (a: AccountView, path: string, done: (r: unknown) => void) => {
    setBusy(a.id);
    setActionError(null);
    setNotice(null);
    setPassword(null);
    try {
      done(await api(`/api/accounts/${a.id}/${path}`, { method: 'POST' }));
      reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <AdminLayout title="accounts" intro="accountsIntro">
      {may.create && (
        <CreateAccountForm
          onCreated={(a) => {
            setNotice(fill(t('createdAccount'), { u: a.username }));
            reload();
          }}
        />
      )}
      <div aria-live="polite">
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {password && (
          <div className="notice password" role="status">
            <span>{fill(t('newPassword'), { u: password.username })}</span>
            <code className="secret">{password.password}</code>
            <button type="button" className="secondary" onClick={() => setPassword(null)}>
              {t('close')}
            </button>
          </div>
        )}
      </div>
      {actionError ? <ApiProblem error={actionError} /> : null}
      {loading && !data && <Loading />}
      {error ? <ApiProblem error={error} onRetry={reload} /> : null}
      {data &&
        (data.length === 0 ? (
          <Empty>{t('noAccounts')}</Empty>
        ) : (
          <table className="grid accounts">
            <caption className="visually-hidden">{t('accountList')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('username')}</th>
                <th scope="col">{t('displayName')}</th>
                <th scope="col">{t('roles')}</th>
                <th scope="col">{t('section')}</th>
                <th scope="col">{t('state')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((a) => {
                const own = a.id === me?.accountId;
                const officer = a.roles.some((r) => r === 'security_officer' || r === 'auditor');
                return (
                  <Fragment key={a.id}>
                    <tr data-username={a.username}>
                      <th scope="row">
                        {a.username}
                        {own && <span className="muted"> {t('you')}</span>}
                      </th>
                      <td>{a.displayName}</td>
                      <td>
                        {a.roles.length === 0 ? (
                          <span className="muted">{t('noRoles')}</span>
                        ) : (
                          a.roles.map((r) => (
                            <span key={r} className="tag role">
                              {label(ROLE_LABELS, r)}
                            </span>
                          ))
                        )}
                      </td>
                      <td>{a.section ?? ''}</td>
                      <td>
                        {a.disabled ? (
                          <span className="tag bad">{t('disabled')}</span>
                        ) : isLocked(a) ? (
                          <span className="tag warn">
                            {fill(t('lockedUntil'), { t: localTime(a.lockedUntil!) })}
                          </span>
                        ) : (
                          <span className="tag ok">{t('active')}</span>
                        )}
                        {a.failedLogins > 0 && !isLocked(a) && (
                          <span className="muted"> {fill(t('failedLogins'), { n: a.failedLogins })}</span>
                        )}
                      </td>
                      <td>
                        <div className="row-actions">
                          {may.reset && !own && (
                            <button
                              type="button"
                              className="secondary"
                              disabled={busy === a.id}
                              onClick={() => {
                                if (!window.confirm(fill(t('confirmReset'), { u: a.username }))) return;
                                void act(a, 'password', (r) =>
                                  setPassword({
                                    username: a.username,
                                    password: (r as { password: string }).password,
                                  }),
                                );
                              }}
                            >
                              {t('resetPassword')}
                            </button>
                          )}
                          {may.disable && !own && !officer && (
                            <button
                              type="button"
                              className="secondary"
                              disabled={busy === a.id}
                              onClick={() =>
                                void act(a, a.disabled ? 'enable' : 'disable', () =>
                                  setNotice(
                                    fill(t(a.disabled ? 'enabledDone' : 'disabledDone'), { u: a.username }),
                                  ),
                                )
                              }
                            >
                              {a.disabled ? t('enable') : t('disable')}
                            </button>
                          )}
                          {may.assign && !own && (
                            <button
                              type="button"
                              className="secondary"
                              aria-expanded={editing === a.id}
                              onClick={() => {
                                setEditing(editing === a.id ? null : a.id);
                                setNotice(null);
                              }}
                            >
                              {t('assignRoles')}
                            </button>
                          )}
                          {may.unlock && (isLocked(a) || a.failedLogins > 0) && (
                            <button
                              type="button"
                              className="secondary"
                              disabled={busy === a.id}
                              onClick={() =>
                                void act(a, 'unlock', () => setNotice(fill(t('unlocked'), { u: a.username })))
                              }
                            >
                              {t('unlock')}
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                    {editing === a.id && (
                      <tr className="editor-row">
                        <td colSpan={6}>
                          <RolesEditor
                            account={a}
                            sections={sections}
                            onCancel={() => setEditing(null)}
                            onSaved={(saved) => {
                              setEditing(null);
                              setNotice(fill(t('rolesSaved'), { u: saved.username }));
                              reload();
                            }}
                          />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        ))}
    </AdminLayout>
  );
}
