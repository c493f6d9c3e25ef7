import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/status';

/** Reads an API refusal from a response that is not a document. */
export async function refusal(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const data = (await res.json().catch(() => ({}))) as {
      error?: { code?: string; message?: string; details?: unknown };
    };
    return new ApiError(
      res.status,
      data.error?.code ?? `http.${res.status}`,
      data.error?.message ?? res.statusText,
      data.error?.details,
    );
  }
  return new ApiError(res.status, `http.${res.status}`, res.statusText);
}

/**
 * A printed document of the API (PDF, XLSX): a real link (open in a new tab, copy, middle-click), which on
 * a plain click fetches the document first, so that a refusal shows the API's message here instead of a
 * JSON page. A PDF opens in a new tab; with `download`, the file is saved under that name.
 */
export function DocumentLink({
  href,
  children,
  download,
  className,
}: {
  href: string;
  children: ReactNode;
  download?: string;
  className?: string;
}) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const open = async (e: React.MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setError(null);
    // Opened now, while the click counts as the user's: a window opened after the fetch would be blocked.
    const tab = download ? null : window.open('', '_blank');
    setBusy(true);
    try {
      const res = await fetch(href, { credentials: 'same-origin' });
      if (!res.ok) throw await refusal(res);
      const url = URL.createObjectURL(await res.blob());
      setTimeout(() => URL.revokeObjectURL(url), 120_000);
      if (tab) tab.location.href = url;
      else {
        const a = document.createElement('a');
        a.href = url;
        a.download = download ?? '';
        document.body.appendChild(a);
        a.click();
        a.remove();
      }
    } catch (err) {
      tab?.close();
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="doc-link">
      <a
        href={href}
        target={download ? undefined : '_blank'}
        rel="noopener"
        download={download}
        className={className ?? 'button-like secondary'}
        aria-busy={busy || undefined}
        onClick={(e) => void open(e)}
      >
        {children}
      </a>
      {error !== null && <ErrorBanner error={error} />}
    </span>
  );
}
