import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { ZH_ERRORS } from '../api/messages-zh';
import { useI18n } from '../i18n/i18n';

/**
 * The API's own message for a refusal (code beside it), never a blank page; in Chinese, the common
 * refusals are said in Chinese first (api/messages-zh.ts).
 */
export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const message =
    error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : null;
  const zh = lang === 'zh' && code ? ZH_ERRORS[code] : undefined;
  return (
    <div className="banner error" role="alert">
      <strong>{t('errorTitle')}</strong>
      {zh && <span className="message">{zh}</span>}
      <span className={zh ? 'message api' : 'message'}>{message}</span>
      {code && <code className="code">{code}</code>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      {t('loading')}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <div className="empty">{children}</div>;
}

/** Loads once (and again on `reload`): `{ data, error, loading, reload }`. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: true,
  });
  const run = useCallback(() => {
    setState((s) => ({ ...s, loading: true, error: null }));
    load().then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => setState({ data: null, error, loading: false }),
    );
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run };
}
