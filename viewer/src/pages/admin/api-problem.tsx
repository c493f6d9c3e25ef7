import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/status';

/** The API's refusal (its message and code), and for a `request.invalid` each field's problem. */
export function ApiProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const issues =
    error instanceof ApiError &&
    error.details &&
    typeof error.details === 'object' &&
    Array.isArray((error.details as { issues?: unknown }).issues)
      ? ((error.details as { issues: { path?: string; message?: string }[] }).issues ?? [])
      : [];
  return (
    <div className="api-problem">
      <ErrorBanner error={error} onRetry={onRetry} />
      {issues.length > 0 && (
        <ul className="issues">
          {issues.slice(0, 20).map((i, n) => (
            <li key={n}>
              <code>{i.path}</code> {i.message}
            </li>
          ))}
          {issues.length > 20 && <li>… {issues.length - 20}</li>}
        </ul>
      )}
    </div>
  );
}
